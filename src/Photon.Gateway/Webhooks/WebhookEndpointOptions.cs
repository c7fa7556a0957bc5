namespace Photon.Gateway.Webhooks;

/// <summary>
/// One webhook endpoint: the channels that accept <c>POST /webhooks/{channel}</c> through it and how its requests
/// are verified; configured under <c>Photon:Gateway:Webhooks:&lt;name&gt;</c> and checked at startup. The name
/// appears in logs and metrics, the secret never does.
/// </summary>
public sealed class WebhookEndpointOptions
{
    /// <summary>Comma-separated channel patterns (<c>builds:*</c>, <c>repo:photon</c>) this endpoint serves. Required.</summary>
    public string Channels { get; set; } = string.Empty;

    /// <summary>How requests are verified. Default <see cref="WebhookScheme.GitHub"/>.</summary>
    public WebhookScheme Scheme { get; set; } = WebhookScheme.GitHub;

    /// <summary>The shared secret requests are signed with: at least 16 characters; for Standard Webhooks <c>whsec_&lt;base64&gt;</c>.</summary>
    public string? Secret { get; set; }

    /// <summary>The header holding the signature; by default the scheme's (<c>X-Hub-Signature-256</c>, <c>X-Signature</c>, <c>webhook-signature</c>).</summary>
    public string? SignatureHeader { get; set; }

    /// <summary>The header holding the signed timestamp; by default the scheme's (<c>X-Signature-Timestamp</c>, <c>webhook-timestamp</c>).</summary>
    public string? TimestampHeader { get; set; }

    /// <summary>How far a signed timestamp may be from now, either way. Default 5 minutes (Stripe's and Svix's).</summary>
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The header naming the event (<c>X-GitHub-Event</c>); without one, <c>?event=</c>, else <c>webhook</c>.</summary>
    public string? EventHeader { get; set; }

    /// <summary>
    /// The header holding the sender's delivery id, used as the idempotency key (<c>X-GitHub-Delivery</c>); without
    /// it, <c>Idempotency-Key</c>.
    /// </summary>
    public string? IdempotencyHeader { get; set; }

    /// <summary>The <c>source</c> of published messages. Default <c>webhook:&lt;name&gt;</c>.</summary>
    public string? Source { get; set; }

    /// <summary>Messages per second this endpoint may publish (per gateway), replacing <see cref="GatewayOptions.PublishRatePerSecond"/>.</summary>
    public double? PublishRatePerSecond { get; set; }

    /// <summary>The burst this endpoint may publish at once, replacing <see cref="GatewayOptions.PublishBurst"/>.</summary>
    public int? PublishBurst { get; set; }
}
