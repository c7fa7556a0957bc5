using System.Buffers;
using System.Text;

namespace Photon.Channels.Wire;

/// <summary>
/// An incremental parser of the WHATWG event-stream format: feed it chunks as they arrive, however they are
/// split, and it yields whole events.
/// </summary>
/// <remarks>
/// Unlike the TypeScript HttpBroker's parser it accepts CR, LF and CRLF line endings (a CRLF split across two
/// chunks included), keeps an event whose closing blank line arrives in a later chunk, joins <c>data:</c>
/// lines with LF as the standard says, and tracks <c>id:</c> and <c>retry:</c> for reconnection.
/// </remarks>
public sealed class ServerSentEventParser
{
    // A longer retry: cannot be a TimeSpan (TimeSpan.FromMilliseconds threw ArgumentOutOfRangeException from Feed);
    // it is ignored like any other retry: value that means nothing.
    private static readonly long MaxRetryMilliseconds = (long)TimeSpan.MaxValue.TotalMilliseconds;

    private readonly int _maxEventBytes;
    private readonly ArrayBufferWriter<byte> _line = new(256);
    private readonly StringBuilder _data = new();
    private string? _eventType;
    private string? _lastEventIdBuffer;
    private bool _hasData;
    private bool _afterCarriageReturn;
    private bool _atStart = true;

    /// <summary>Creates a parser that refuses lines and events longer than <paramref name="maxEventBytes"/>.</summary>
    public ServerSentEventParser(int maxEventBytes = 8 * 1024 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEventBytes, 16);
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>
    /// The stream's last event id as of the last dispatch (blank line), with or without data, as the WHATWG standard
    /// defines it: what to send as <c>Last-Event-ID</c> when reconnecting. An <c>id:</c> whose event has not ended
    /// yet does not count: a stream cut before that event's blank line must resume from before it.
    /// </summary>
    public string? LastEventId { get; private set; }

    /// <summary>The last <c>retry:</c> the stream set.</summary>
    public TimeSpan? Retry { get; private set; }

    /// <summary>Parses <paramref name="chunk"/> and adds each event it completes to <paramref name="events"/>.</summary>
    /// <exception cref="InvalidDataException">A line or an event exceeds the size limit.</exception>
    public void Feed(ReadOnlySpan<byte> chunk, ICollection<ServerSentEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        while (!chunk.IsEmpty)
        {
            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (chunk[0] == '\n')
                {
                    chunk = chunk[1..];
                    continue;
                }
            }

            var lineEnd = chunk.IndexOfAny((byte)'\r', (byte)'\n');
            if (lineEnd < 0)
            {
                Append(chunk);
                return;
            }

            Append(chunk[..lineEnd]);
            _afterCarriageReturn = chunk[lineEnd] == '\r';
            chunk = chunk[(lineEnd + 1)..];
            ProcessLine(_line.WrittenSpan, events);
            _line.ResetWrittenCount();
        }
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_line.WrittenCount + bytes.Length > _maxEventBytes)
        {
            throw new InvalidDataException($"event-stream line longer than {_maxEventBytes} bytes");
        }

        _line.Write(bytes);
    }

    private void ProcessLine(ReadOnlySpan<byte> line, ICollection<ServerSentEvent> events)
    {
        if (_atStart)
        {
            // A stream may begin with a byte order mark; the first line is whole here, however it was split.
            _atStart = false;
            if (line.StartsWith("\uFEFF"u8))
            {
                line = line[3..];
            }
        }

        if (line.IsEmpty)
        {
            Dispatch(events);
            return;
        }

        if (line[0] == ':')
        {
            return;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == ' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (_data.Length + value.Length > _maxEventBytes)
            {
                throw new InvalidDataException($"event-stream event larger than {_maxEventBytes} bytes");
            }

            _data.Append(Encoding.UTF8.GetString(value)).Append('\n');
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            _eventType = Encoding.UTF8.GetString(value);
        }
        else if (field.SequenceEqual("id"u8))
        {
            if (value.IndexOf((byte)0) < 0)
            {
                _lastEventIdBuffer = Encoding.UTF8.GetString(value);
            }
        }
        else if (field.SequenceEqual("retry"u8))
        {
            if (!value.IsEmpty && value.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
                && long.TryParse(value, out var milliseconds) && milliseconds <= MaxRetryMilliseconds)
            {
                Retry = TimeSpan.FromMilliseconds(milliseconds);
            }
        }
    }

    private void Dispatch(ICollection<ServerSentEvent> events)
    {
        LastEventId = _lastEventIdBuffer;
        if (_hasData)
        {
            var data = _data.ToString(0, _data.Length - 1);
            events.Add(new ServerSentEvent(string.IsNullOrEmpty(_eventType) ? "message" : _eventType, data, LastEventId));
        }

        _data.Clear();
        _hasData = false;
        _eventType = null;
    }
}
