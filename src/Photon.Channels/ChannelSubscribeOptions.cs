namespace Photon.Channels;

/// <summary>How to subscribe, beyond the channel and the handler.</summary>
public sealed record ChannelSubscribeOptions
{
    /// <summary>Resume after this event id: messages after it that the server still holds are delivered first.</summary>
    public string? LastEventId { get; init; }

    /// <summary>Called when the server could not resume and messages were missed; refresh state from the source of truth.</summary>
    public Action<ChannelGap>? OnGap { get; init; }
}
