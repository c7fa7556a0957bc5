using System.Text.Json;

namespace Photon.Channels;

/// <summary>
/// A message on a channel, as every Photon broker carries it:
/// <c>{"channel":"board:a","event":"task-moved","data":{...},"timestamp":1705500000000,"source":"KanbanMCP"}</c>.
/// </summary>
/// <remarks>
/// <see cref="Data"/> is raw JSON: <c>0</c>, <c>false</c> and <c>null</c> are kept as they are, and a message
/// without <c>data</c> has a default <see cref="JsonElement"/> (<see cref="JsonValueKind.Undefined"/>), which is
/// written without a <c>data</c> property. Fields other than the five known ones survive a round trip in
/// <see cref="ExtensionData"/>.
/// </remarks>
public sealed record ChannelMessage
{
    /// <summary>The channel, for example <c>board:my-board</c>.</summary>
    public required string Channel { get; init; }

    /// <summary>The event type, for example <c>task-moved</c>.</summary>
    public required string Event { get; init; }

    /// <summary>The payload as raw JSON; <see cref="JsonValueKind.Undefined"/> when the message has none.</summary>
    public JsonElement Data { get; init; }

    /// <summary>When the message was created, in Unix milliseconds.</summary>
    public long? Timestamp { get; init; }

    /// <summary>Who sent it: a component name, an instance id.</summary>
    public string? Source { get; init; }

    /// <summary>Any other top-level fields the sender included, in the order they came.</summary>
    public IReadOnlyList<KeyValuePair<string, JsonElement>>? ExtensionData { get; init; }

    /// <summary>
    /// The event id the server delivered this message under, when a broker received it: its position on its channel
    /// (<c>3f9c01b2e7-17</c>), or on an SSE stream of a pattern the stream's cursor. Pass it as
    /// <see cref="ChannelSubscribeOptions.LastEventId"/> to resume the same subscription after this message.
    /// <see langword="null"/> for messages being published, and over transports without positions (Redis pub/sub).
    /// Not part of the message's JSON.
    /// </summary>
    public string? EventId { get; init; }

    /// <summary>Whether the message carries a <c>data</c> field (even one that is <c>null</c>).</summary>
    public bool HasData => Data.ValueKind != JsonValueKind.Undefined;
}
