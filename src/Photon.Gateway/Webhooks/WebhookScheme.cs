namespace Photon.Gateway.Webhooks;

/// <summary>How a webhook endpoint verifies that a request comes from its sender.</summary>
public enum WebhookScheme
{
    /// <summary>
    /// GitHub's (also Gitea's, Gogs'): <c>X-Hub-Signature-256: sha256=&lt;hex&gt;</c>, the HMAC-SHA256 of the raw body.
    /// Defaults: event from <c>X-GitHub-Event</c>, idempotency key from <c>X-GitHub-Delivery</c>.
    /// </summary>
    GitHub,

    /// <summary>
    /// A generic signed-timestamp scheme (Stripe's and Slack's shape): <c>X-Signature-Timestamp: &lt;unix seconds&gt;</c> and
    /// <c>X-Signature: sha256=&lt;hex&gt;</c> (or bare hex), the HMAC-SHA256 of <c>&lt;timestamp&gt;.&lt;body&gt;</c>; a
    /// timestamp further than the tolerance from now is refused, so a captured request cannot be replayed later.
    /// </summary>
    Timestamped,

    /// <summary>
    /// Standard Webhooks (Svix): <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature: v1,&lt;base64&gt;</c>
    /// (several, space-separated, during a key rotation), the HMAC-SHA256 of <c>&lt;id&gt;.&lt;timestamp&gt;.&lt;body&gt;</c>
    /// keyed by the base64 after <c>whsec_</c> in the secret. Default idempotency key: <c>webhook-id</c>.
    /// </summary>
    StandardWebhooks,

    /// <summary>
    /// No signature: the request must carry a bearer token allowed to publish to the channel, as <c>/publish</c>
    /// does (when the gateway requires tokens). For senders that can set headers but not sign.
    /// </summary>
    None,
}
