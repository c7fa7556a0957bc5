using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Photon.Channels;

/// <summary>
/// Where a message sits in its channel: a sequence number that grows by one per message with no gaps, within an
/// epoch that changes only when the channel's sequence restarts (its history was lost). Written as
/// <c>&lt;epoch&gt;-&lt;sequence&gt;</c>, for example <c>3f9c01b2e7-17</c>; that string is the SSE event id.
/// </summary>
/// <remarks>
/// Positions replace the reference daemon's millisecond-timestamp event ids, under which two messages in one
/// millisecond shared an id and one of them was skipped on replay.
/// </remarks>
public readonly record struct ChannelPosition(long Epoch, long Sequence) : ISpanFormattable, IUtf8SpanFormattable
{
    /// <summary>The longest text a position formats to: 16 hex digits, a dash and 19 decimal digits.</summary>
    public const int MaxFormattedLength = 36;

    /// <summary>Parses <c>&lt;epoch&gt;-&lt;sequence&gt;</c>.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out ChannelPosition position) =>
        TryParse(text.AsSpan(), out position);

    /// <summary>Parses <c>&lt;epoch&gt;-&lt;sequence&gt;</c>.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ChannelPosition position)
    {
        position = default;
        var dash = text.IndexOf('-');
        if (dash <= 0
            || !long.TryParse(text[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var epoch)
            || !long.TryParse(text[(dash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence)
            || epoch <= 0)
        {
            return false;
        }

        position = new ChannelPosition(epoch, sequence);
        return true;
    }

    /// <summary>Parses <c>&lt;epoch&gt;-&lt;sequence&gt;</c>; throws <see cref="FormatException"/> otherwise.</summary>
    public static ChannelPosition Parse(string text) =>
        TryParse(text, out var position) ? position : throw new FormatException($"'{text}' is not a channel position (<epoch>-<sequence>)");

    /// <summary>The position of the message after this one in the same epoch.</summary>
    public ChannelPosition Next => this with { Sequence = Sequence + 1 };

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Epoch:x}-{Sequence}");

    /// <inheritdoc />
    public string ToString(string? format, IFormatProvider? formatProvider) => ToString();

    /// <inheritdoc />
    public bool TryFormat(Span<char> destination, out int charsWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        destination.TryWrite(CultureInfo.InvariantCulture, $"{Epoch:x}-{Sequence}", out charsWritten);

    /// <inheritdoc />
    public bool TryFormat(Span<byte> utf8Destination, out int bytesWritten, ReadOnlySpan<char> format, IFormatProvider? provider) =>
        System.Text.Unicode.Utf8.TryWrite(utf8Destination, CultureInfo.InvariantCulture, $"{Epoch:x}-{Sequence}", out bytesWritten);
}
