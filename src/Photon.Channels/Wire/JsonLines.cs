using System.Buffers;

namespace Photon.Channels.Wire;

/// <summary>
/// Newline-delimited JSON framing, as the daemon socket protocol uses it both ways: one JSON value per line,
/// LF-terminated (a CR before the LF is tolerated), blank lines skipped, lines limited in length.
/// </summary>
public static class JsonLines
{
    /// <summary>The default longest line: 1 MiB.</summary>
    public const int DefaultMaxLineBytes = 1024 * 1024;

    /// <summary>
    /// Takes the next complete line off the front of <paramref name="buffer"/>, without its line ending.
    /// Returns <see langword="false"/> when no complete line is there yet.
    /// </summary>
    /// <exception cref="InvalidDataException">The line, complete or not, is longer than <paramref name="maxLineBytes"/>.</exception>
    public static bool TryReadLine(ref ReadOnlySequence<byte> buffer, int maxLineBytes, out ReadOnlySequence<byte> line)
    {
        var end = buffer.PositionOf((byte)'\n');
        if (end is null)
        {
            if (buffer.Length > maxLineBytes)
            {
                throw new InvalidDataException($"line longer than {maxLineBytes} bytes");
            }

            line = default;
            return false;
        }

        line = buffer.Slice(0, end.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, end.Value));
        if (!line.IsEmpty && EndsWithCarriageReturn(line))
        {
            line = line.Slice(0, line.Length - 1);
        }

        return line.Length <= maxLineBytes ? true : throw new InvalidDataException($"line longer than {maxLineBytes} bytes");
    }

    /// <summary>Whether a line holds nothing but whitespace.</summary>
    public static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (segment.Span.IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Copies JSON text without its CR and LF bytes. In JSON these can only be whitespace between tokens (never
    /// inside a string), so the result is the same value, and fits on one line.
    /// </summary>
    public static void WriteWithoutLineBreaks(IBufferWriter<byte> output, ReadOnlySpan<byte> json)
    {
        ArgumentNullException.ThrowIfNull(output);
        while (true)
        {
            var lineBreak = json.IndexOfAny((byte)'\r', (byte)'\n');
            if (lineBreak < 0)
            {
                output.Write(json);
                return;
            }

            output.Write(json[..lineBreak]);
            json = json[(lineBreak + 1)..];
        }
    }

    private static bool EndsWithCarriageReturn(ReadOnlySequence<byte> line)
    {
        var last = line.Slice(line.Length - 1);
        return last.FirstSpan[0] == '\r';
    }
}
