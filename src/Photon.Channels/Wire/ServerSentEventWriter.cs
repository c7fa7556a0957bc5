using System.Buffers;

namespace Photon.Channels.Wire;

/// <summary>
/// Server-Sent Events framing (the WHATWG event-stream format) as both the gateway and the tests write it: LF
/// line endings only, one <c>data:</c> line per line of the payload, a blank line after each event.
/// </summary>
/// <remarks>
/// The TypeScript HttpBroker splits on LF only, so CRLF is never written, and it drops events whose
/// <c>event:</c> is anything but <c>message</c> or <c>channel</c>: channel messages are written without an
/// <c>event:</c> line and notices (<c>refresh_needed</c>) with one, so old clients ignore the notices.
/// </remarks>
public static class ServerSentEventWriter
{
    /// <summary>A comment that keeps proxies and clients from timing out an idle stream.</summary>
    public static ReadOnlySpan<byte> KeepAlive => ": keep-alive\n\n"u8;

    /// <summary>Writes one event. <paramref name="eventName"/> and <paramref name="id"/> may be empty to leave them out.</summary>
    /// <exception cref="ArgumentException">The name or id holds a line break.</exception>
    public static void WriteEvent(IBufferWriter<byte> output, ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> id, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!eventName.IsEmpty)
        {
            WriteField(output, "event: "u8, eventName, nameof(eventName));
        }

        if (!id.IsEmpty)
        {
            WriteField(output, "id: "u8, id, nameof(id));
        }

        WriteData(output, data);
        output.Write("\n"u8);
    }

    /// <summary>Writes the <c>data:</c> lines of an event without its terminating blank line.</summary>
    public static void WriteData(IBufferWriter<byte> output, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(output);
        while (true)
        {
            var lineEnd = data.IndexOfAny((byte)'\r', (byte)'\n');
            output.Write("data: "u8);
            if (lineEnd < 0)
            {
                output.Write(data);
                output.Write("\n"u8);
                return;
            }

            output.Write(data[..lineEnd]);
            output.Write("\n"u8);
            var breakLength = data[lineEnd] == '\r' && lineEnd + 1 < data.Length && data[lineEnd + 1] == '\n' ? 2 : 1;
            data = data[(lineEnd + breakLength)..];
        }
    }

    /// <summary>Writes an <c>id:</c> line.</summary>
    public static void WriteId(IBufferWriter<byte> output, ReadOnlySpan<byte> id) => WriteField(output, "id: "u8, id, nameof(id));

    /// <summary>Tells EventSource clients how long to wait before reconnecting.</summary>
    public static void WriteRetry(IBufferWriter<byte> output, TimeSpan delay)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(32);
        "retry: "u8.CopyTo(span);
        ((long)delay.TotalMilliseconds).TryFormat(span[7..], out var written, provider: System.Globalization.CultureInfo.InvariantCulture);
        "\n\n"u8.CopyTo(span[(7 + written)..]);
        output.Advance(7 + written + 2);
    }

    /// <summary>Writes a comment line and a blank line (ignored by every client; useful as a marker).</summary>
    public static void WriteComment(IBufferWriter<byte> output, ReadOnlySpan<byte> text)
    {
        WriteField(output, ": "u8, text, nameof(text));
        output.Write("\n"u8);
    }

    /// <summary>The bytes of one event, for frames that are encoded once and written to many streams.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> eventName, ReadOnlySpan<byte> id, ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length + id.Length + eventName.Length + 32);
        WriteEvent(buffer, eventName, id, data);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteField(IBufferWriter<byte> output, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> value, string paramName)
    {
        if (value.IndexOfAny((byte)'\r', (byte)'\n') >= 0)
        {
            throw new ArgumentException("an SSE field must not contain a line break", paramName);
        }

        output.Write(prefix);
        output.Write(value);
        output.Write("\n"u8);
    }
}
