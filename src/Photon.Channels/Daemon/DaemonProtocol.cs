using System.Buffers;
using System.Text.Json;
using Photon.Channels.Wire;

namespace Photon.Channels.Daemon;

/// <summary>
/// The lines of the daemon socket protocol (newline-delimited JSON, see <see cref="JsonLines"/>), written
/// exactly as the reference daemon and the TypeScript DaemonBroker write them. Both the gateway and the C#
/// DaemonBroker build their lines here.
/// </summary>
public static class DaemonProtocol
{
    /// <summary>The id the reference daemon gives errors about requests it could not read.</summary>
    public const string UnknownId = "unknown";

    /// <summary><c>{"type":"result","id":ID,"success":true,"data":{...}}</c>, <paramref name="writeData"/> writing the object's members.</summary>
    public static byte[] Result(string id, Action<Utf8JsonWriter> writeData) => Line(writer =>
    {
        writer.WriteString("type"u8, "result");
        writer.WriteString("id"u8, id);
        writer.WriteBoolean("success"u8, true);
        writer.WriteStartObject("data"u8);
        writeData(writer);
        writer.WriteEndObject();
    });

    /// <summary><c>{"type":"error","id":ID,"error":TEXT}</c>.</summary>
    public static byte[] Error(string id, string error) => Line(writer =>
    {
        writer.WriteString("type"u8, "error");
        writer.WriteString("id"u8, id);
        writer.WriteString("error"u8, error);
    });

    /// <summary>
    /// <c>{"type":"error","id":"unknown","error":TEXT,"reason":R}</c>: the daemon is closing this connection, and
    /// why (<see cref="ChannelDisconnect"/>). Clients that only know error lines still log the text.
    /// </summary>
    public static byte[] Disconnect(ChannelDisconnect notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return Line(writer =>
        {
            writer.WriteString("type"u8, "error");
            writer.WriteString("id"u8, UnknownId);
            writer.WriteString("error"u8, notice.Message);
            writer.WriteString("reason"u8, notice.Reason);
        });
    }

    /// <summary><c>{"type":"pong","id":ID}</c>.</summary>
    public static byte[] Pong(string id) => Line(writer =>
    {
        writer.WriteString("type"u8, "pong");
        writer.WriteString("id"u8, id);
    });

    /// <summary><c>{"type":"refresh_needed","id":SUBSCRIBE-ID,"channel":C,"reason":R}</c>: a resume the history cannot cover.</summary>
    public static byte[] RefreshNeeded(string subscribeId, string channel, string reason) => Line(writer =>
    {
        writer.WriteString("type"u8, ChannelGap.EventName);
        writer.WriteString("id"u8, subscribeId);
        writer.WriteString("channel"u8, channel);
        writer.WriteString("reason"u8, reason);
    });

    /// <summary>The notice every connection gets when the daemon stops.</summary>
    public static byte[] Shutdown { get; } = Line(writer =>
    {
        writer.WriteString("type"u8, "shutdown");
        writer.WriteString("id"u8, "daemon-shutdown");
        writer.WriteString("reason"u8, "daemon-shutting-down");
    });

    /// <summary>
    /// <c>{"type":"channel_message","id":"ch_POS","eventId":"POS","channel":C,"message":M}</c>, with
    /// <c>"replay":true</c> for a message replayed from history. <paramref name="message"/> goes out as it came.
    /// </summary>
    public static byte[] ChannelMessage(string channel, ChannelPosition position, ReadOnlySpan<byte> message, bool replay)
    {
        var eventId = position.ToString();
        // Room for the message, the channel and the two ids at once: growing the buffer would copy the payload again.
        var output = new ArrayBufferWriter<byte>(message.Length + channel.Length + (2 * ChannelPosition.MaxFormattedLength) + 96);
        using (var writer = new Utf8JsonWriter(output, ChannelMessageJson.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "channel_message");
            writer.WriteString("id"u8, "ch_" + eventId);
            writer.WriteString("eventId"u8, eventId);
            writer.WriteString("channel"u8, channel);
            writer.WritePropertyName("message"u8);
            writer.Flush();
            JsonLines.WriteWithoutLineBreaks(output, message);

            // The raw value went around the writer, so the writer must not add a separator of its own: close by hand.
            if (replay)
            {
                output.Write(""","replay":true"""u8);
            }

            output.Write("}\n"u8);
        }

        return output.WrittenSpan.ToArray();
    }

    /// <summary><c>{"type":"subscribe","id":ID,"channel":C,"clientType":"photon"[,"lastEventId":E]}</c>.</summary>
    public static byte[] Subscribe(string id, string channel, string? lastEventId) => Line(writer =>
    {
        writer.WriteString("type"u8, "subscribe");
        writer.WriteString("id"u8, id);
        writer.WriteString("channel"u8, channel);
        writer.WriteString("clientType"u8, "photon");
        if (lastEventId is not null)
        {
            writer.WriteString("lastEventId"u8, lastEventId);
        }
    });

    /// <summary><c>{"type":"unsubscribe","id":ID,"channel":C}</c>.</summary>
    public static byte[] Unsubscribe(string id, string channel) => Line(writer =>
    {
        writer.WriteString("type"u8, "unsubscribe");
        writer.WriteString("id"u8, id);
        writer.WriteString("channel"u8, channel);
    });

    /// <summary><c>{"type":"publish","id":ID,"channel":C,"message":M}</c>.</summary>
    public static byte[] Publish(string id, ChannelMessage message) => Line(writer =>
    {
        writer.WriteString("type"u8, "publish");
        writer.WriteString("id"u8, id);
        writer.WriteString("channel"u8, message.Channel);
        writer.WritePropertyName("message"u8);
        ChannelMessageJson.Write(writer, message);
    });

    /// <summary><c>{"type":"ping","id":ID}</c>.</summary>
    public static byte[] Ping(string id) => Line(writer =>
    {
        writer.WriteString("type"u8, "ping");
        writer.WriteString("id"u8, id);
    });

    private static byte[] Line(Action<Utf8JsonWriter> writeMembers)
    {
        var output = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(output, ChannelMessageJson.WriterOptions))
        {
            writer.WriteStartObject();
            writeMembers(writer);
            writer.WriteEndObject();
        }

        // A message's data is written as it was given, and data parsed from indented JSON holds line breaks: outside
        // strings they are only whitespace, and on this protocol they would end the line early.
        if (output.WrittenSpan.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            var oneLine = new ArrayBufferWriter<byte>(output.WrittenCount + 1);
            JsonLines.WriteWithoutLineBreaks(oneLine, output.WrittenSpan);
            output = oneLine;
        }

        output.Write("\n"u8);
        return output.WrittenSpan.ToArray();
    }
}
