using System.Buffers;
using System.Globalization;
using System.Text;
using Photon.Channels;
using Photon.Channels.Wire;

namespace Photon.Cli.Output;

/// <summary>How <c>subscribe</c> prints a message: one line for people, or exactly the message's JSON.</summary>
internal static class MessageFormatter
{
    /// <summary>
    /// The message's JSON on one line, as every transport carries it (<see cref="ChannelMessageJson"/>): the same
    /// fields in the same order, <c>data</c> byte for byte. Line breaks inside the JSON (only ever whitespace) go.
    /// </summary>
    public static string Json(ChannelMessage message)
    {
        var json = ChannelMessageJson.Serialize(message);
        var line = new ArrayBufferWriter<byte>(json.Length);
        JsonLines.WriteWithoutLineBreaks(line, json);
        return Encoding.UTF8.GetString(line.WrittenSpan);
    }

    /// <summary>
    /// <c>14:03:05.120 board:x task-moved 3f9c01b2e7-1 {"taskId":"1"} (kanban)</c>: local time of the message's
    /// timestamp, channel, event, position (when the transport has one), data, source.
    /// </summary>
    public static string Human(ChannelMessage message, Ansi ansi)
    {
        var text = new StringBuilder();
        text.Append(ansi.Dim(message.Timestamp is { } timestamp
            ? DateTimeOffset.FromUnixTimeMilliseconds(timestamp).ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)
            : "--:--:--.---"));
        text.Append(' ').Append(ansi.Cyan(message.Channel));
        text.Append(' ').Append(ansi.Bold(ansi.Yellow(message.Event)));

        // On a pattern's SSE stream the id is a cursor of many channels: resumable, but not worth a column.
        if (ChannelPosition.TryParse(message.EventId, out var position))
        {
            text.Append(' ').Append(ansi.Dim(position.ToString()));
        }

        if (message.HasData)
        {
            var data = new ArrayBufferWriter<byte>();
            JsonLines.WriteWithoutLineBreaks(data, Encoding.UTF8.GetBytes(message.Data.GetRawText()));
            text.Append(' ').Append(Encoding.UTF8.GetString(data.WrittenSpan));
        }

        if (message.Source is { } source)
        {
            text.Append(' ').Append(ansi.Magenta($"({source})"));
        }

        return text.ToString();
    }

    /// <summary>The notice for a resume the server could not honour; it goes to standard error.</summary>
    public static string Gap(ChannelGap gap, Ansi ansi) => ansi.Yellow(
        $"gap on {gap.Channel}: messages after {(gap.LastEventId.Length > 0 ? gap.LastEventId : "the requested id")} are no longer held ({gap.Reason}); what the channel still holds follows");
}
