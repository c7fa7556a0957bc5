using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using Photon.Channels;

namespace Photon.Faults;

/// <summary>
/// Every message of a fault run carries <c>{"seq":N}</c>, unique per channel: what tells a message delivered
/// twice from a publish that was retried and stored twice (which idempotency keys should make impossible).
/// </summary>
internal static class SequenceNumbers
{
    private static ReadOnlySpan<byte> Marker => "\"seq\":"u8;

    /// <summary>Message <paramref name="seq"/>, with <paramref name="padBytes"/> of filler when it should weigh more.</summary>
    public static ChannelMessage Message(string channel, long seq, int padBytes = 0) => new()
    {
        Channel = channel,
        Event = "seq",
        Data = JsonDocument.Parse(padBytes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq}}}")
            : string.Create(CultureInfo.InvariantCulture, $"{{\"seq\":{seq},\"pad\":\"{new string('x', padBytes)}\"}}")).RootElement,
    };

    public static long Of(ChannelMessage message) => message.Data.GetProperty("seq").GetInt64();

    /// <summary>The sequence number in a message's JSON as it went over the wire, without parsing the rest.</summary>
    public static long Of(ReadOnlySpan<byte> messageJson)
    {
        var at = messageJson.IndexOf(Marker);
        return at >= 0 && Utf8Parser.TryParse(messageJson[(at + Marker.Length)..], out long seq, out _)
            ? seq
            : throw new FormatException("a message without a sequence number: " + System.Text.Encoding.UTF8.GetString(messageJson));
    }
}
