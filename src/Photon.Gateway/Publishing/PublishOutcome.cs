using Photon.Channels;
using Photon.Channels.Wire;

namespace Photon.Gateway.Publishing;

/// <summary>A published message's receipt, or why it was refused (and, when rate limited, how long to wait).</summary>
internal readonly record struct PublishOutcome(PublishReceipt? Receipt, WireError? Error, TimeSpan RetryAfter = default)
{
    public static PublishOutcome Refused(WireError error, TimeSpan retryAfter = default) => new(null, error, retryAfter);
}
