using System.Text.Json.Serialization;

namespace Photon.Channels;

/// <summary>
/// A resume that could not be honoured: the server no longer holds the messages after
/// <see cref="LastEventId"/>, so some were missed and the subscriber should refresh its state. Sent over SSE as
/// <c>event: refresh_needed</c>, over the daemon socket as a <c>refresh_needed</c> line.
/// </summary>
/// <param name="Channel">The channel whose history does not cover the gap.</param>
/// <param name="LastEventId">The id the subscriber resumed from.</param>
/// <param name="Reason">Why: one of the <c>*Reason</c> constants.</param>
public sealed record ChannelGap(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("lastEventId")] string LastEventId,
    [property: JsonPropertyName("reason")] string Reason)
{
    /// <summary>The channel's sequence restarted (its history was lost, for example when it was idle and unloaded).</summary>
    public const string EpochChangedReason = "epoch-changed";

    /// <summary>The missed messages are older than the history the channel keeps.</summary>
    public const string ExpiredReason = "expired";

    /// <summary>The id is not one this server hands out.</summary>
    public const string UnknownIdReason = "unknown-id";

    /// <summary>The SSE event name and daemon line type of the notice.</summary>
    public const string EventName = "refresh_needed";
}
