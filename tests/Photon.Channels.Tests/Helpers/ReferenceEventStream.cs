using System.Text;
using Photon.Channels.Wire;

namespace Photon.Channels.Tests.Helpers;

/// <summary>
/// The WHATWG "interpreting an event stream" algorithm transcribed as plainly as possible, on a whole stream at
/// once: the model the incremental <see cref="ServerSentEventParser"/> is checked against.
/// </summary>
/// <remarks>
/// Where the standard leaves room, the model states the choice: <c>retry:</c> is taken only when it is one or
/// more ASCII digits whose value fits a <see cref="TimeSpan"/> (a larger delay means nothing to a client);
/// bytes that are not UTF-8 decode to U+FFFD.
/// </remarks>
public static class ReferenceEventStream
{
    public sealed record Result(IReadOnlyList<ServerSentEvent> Events, string? LastEventId, TimeSpan? Retry);

    public static Result Interpret(byte[] stream)
    {
        var text = Encoding.UTF8.GetString(stream);
        if (text.StartsWith('\uFEFF'))
        {
            text = text[1..];
        }

        var events = new List<ServerSentEvent>();
        var data = new StringBuilder();
        var eventType = string.Empty;
        string? lastEventIdBuffer = null;
        string? lastEventId = null;
        TimeSpan? retry = null;
        var position = 0;
        while (NextLine(text, ref position) is { } line)
        {
            if (line.Length == 0)
            {
                // Dispatch: the last event id is set even when there is no data to dispatch.
                lastEventId = lastEventIdBuffer;
                if (data.Length > 0)
                {
                    data.Length--;
                    events.Add(new ServerSentEvent(eventType.Length == 0 ? "message" : eventType, data.ToString(), lastEventId));
                }

                data.Clear();
                eventType = string.Empty;
                continue;
            }

            if (line[0] == ':')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? string.Empty : line[(colon + 1)..];
            if (value.StartsWith(' '))
            {
                value = value[1..];
            }

            switch (field)
            {
                case "event":
                    eventType = value;
                    break;
                case "data":
                    data.Append(value).Append('\n');
                    break;
                case "id" when !value.Contains('\0', StringComparison.Ordinal):
                    lastEventIdBuffer = value;
                    break;
                case "retry" when value.Length > 0 && value.All(char.IsAsciiDigit)
                                  && long.TryParse(value, out var milliseconds)
                                  && milliseconds <= (long)TimeSpan.MaxValue.TotalMilliseconds:
                    retry = TimeSpan.FromMilliseconds(milliseconds);
                    break;
            }
        }

        return new Result(events, lastEventId, retry);
    }

    /// <summary>The next line ended by CRLF, CR or LF; <see langword="null"/> for an unterminated rest, which is never interpreted.</summary>
    private static string? NextLine(string text, ref int position)
    {
        var end = text.AsSpan(position).IndexOfAny('\r', '\n');
        if (end < 0)
        {
            return null;
        }

        var line = text.Substring(position, end);
        position += end + (text[position + end] == '\r' && position + end + 1 < text.Length && text[position + end + 1] == '\n' ? 2 : 1);
        return line;
    }
}
