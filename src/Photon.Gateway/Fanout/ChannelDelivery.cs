using Photon.Channels;
using Photon.Channels.Daemon;
using Photon.Channels.Wire;
using Photon.Gateway.Diagnostics;

namespace Photon.Gateway.Fanout;

/// <summary>
/// One message arriving at this gateway, shared by every local subscriber: its frames are encoded once, on first
/// use, and each connection writes the same bytes.
/// </summary>
internal sealed class ChannelDelivery(string channel, ChannelPosition position, byte[] payload)
{
    private const long TimestampUnread = long.MinValue;
    private const long TimestampMissing = long.MinValue + 1;

    private byte[]? _sseFrame;
    private byte[]? _daemonLine;
    private long _timestamp = TimestampUnread;

    public string Channel => channel;

    public ChannelPosition Position => position;

    /// <summary>The message's JSON.</summary>
    public ReadOnlyMemory<byte> Payload => payload;

    /// <summary>The message's <c>timestamp</c> (Unix milliseconds), read from its JSON once for every connection; null when it has none.</summary>
    public long? Timestamp
    {
        get
        {
            var timestamp = Volatile.Read(ref _timestamp);
            if (timestamp == TimestampUnread)
            {
                timestamp = MessageTimestamp.TryRead(payload, out var read) ? read : TimestampMissing;
                Volatile.Write(ref _timestamp, timestamp);
            }

            return timestamp == TimestampMissing ? null : timestamp;
        }
    }

    /// <summary>The whole SSE event: <c>id: &lt;position&gt;</c>, the <c>data:</c> lines and the blank line.</summary>
    public ReadOnlyMemory<byte> SseFrame => EnsureSseFrame();

    /// <summary>The SSE event without its <c>id:</c> line, for streams whose id is a cursor of several channels.</summary>
    public ReadOnlyMemory<byte> SseData
    {
        get
        {
            var frame = EnsureSseFrame();
            return frame[(frame.Span.IndexOf((byte)'\n') + 1)..];
        }
    }

    /// <summary>The daemon socket's <c>channel_message</c> line, newline included.</summary>
    public ReadOnlyMemory<byte> DaemonLine
    {
        get
        {
            if (_daemonLine is null)
            {
                Interlocked.CompareExchange(ref _daemonLine, DaemonProtocol.ChannelMessage(channel, position, payload, replay: false), null);
            }

            return _daemonLine;
        }
    }

    private ReadOnlyMemory<byte> EnsureSseFrame()
    {
        if (_sseFrame is null)
        {
            // Racing encoders produce identical bytes; whichever is published first wins.
            Span<byte> id = stackalloc byte[ChannelPosition.MaxFormattedLength];
            position.TryFormat(id, out var idLength, default, null);
            var frame = ServerSentEventWriter.Encode([], id[..idLength], payload);
            Interlocked.CompareExchange(ref _sseFrame, frame, null);
        }

        return _sseFrame;
    }
}
