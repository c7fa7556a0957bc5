using Photon.Gateway.Security;

namespace Photon.Gateway.Webhooks;

/// <summary>One configured webhook endpoint, checked and ready to serve: see <see cref="WebhookEndpointOptions"/>.</summary>
/// <param name="Name">The configured name; what logs and metrics show.</param>
/// <param name="Scheme">How requests are verified.</param>
/// <param name="Key">The HMAC key (the secret's bytes); empty for <see cref="WebhookScheme.None"/>.</param>
/// <param name="SignatureHeader">Where the signature is.</param>
/// <param name="TimestampHeader">Where the signed timestamp is, for the schemes that sign one.</param>
/// <param name="Tolerance">How far a signed timestamp may be from now.</param>
/// <param name="EventHeader">Where the event name is, or null.</param>
/// <param name="IdempotencyHeader">Where the delivery id is, or null for <c>Idempotency-Key</c>.</param>
/// <param name="Source">The <c>source</c> of published messages.</param>
/// <param name="Client">Who the endpoint publishes as: its channels and rate.</param>
internal sealed record WebhookRoute(
    string Name,
    WebhookScheme Scheme,
    byte[] Key,
    string SignatureHeader,
    string? TimestampHeader,
    TimeSpan Tolerance,
    string? EventHeader,
    string? IdempotencyHeader,
    string Source,
    ChannelClient Client)
{
    /// <summary>The event published when neither the header nor <c>?event=</c> names one.</summary>
    public const string DefaultEvent = "webhook";

    /// <summary>The channels the endpoint serves.</summary>
    public ChannelScope Channels => Client.Publish;
}
