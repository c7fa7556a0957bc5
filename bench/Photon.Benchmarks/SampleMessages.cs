using System.Text;
using Photon.Channels;

namespace Photon.Benchmarks;

/// <summary>The messages the benchmarks use: a typical small message and a large one, as a publisher sends them.</summary>
internal static class SampleMessages
{
    public const string Channel = "board:my-board";

    public static readonly ChannelPosition Position = new(0x3f9c01b2e7, 12345);

    /// <summary>
    /// A message of about <paramref name="bytes"/> bytes of JSON: channel, event, a data object padded with a
    /// description, and no timestamp (the gateway stamps it). Non-ASCII text and an escape are included.
    /// </summary>
    public static byte[] Json(int bytes)
    {
        const string head = """{"channel":"board:my-board","event":"task-moved","data":{"taskId":"123","from":"Doing","to":"Done","by":"agent-ü","note":"line\nbreak","description":""" + "\"";
        const string tail = "\"}}";
        var padding = Math.Max(0, bytes - Encoding.UTF8.GetByteCount(head) - tail.Length);
        return Encoding.UTF8.GetBytes(head + new string('x', padding) + tail);
    }

    /// <summary>The message as the gateway relays it: normalised, with a timestamp.</summary>
    public static byte[] Normalized(int bytes)
    {
        var json = Json(bytes);
        var output = new System.Buffers.ArrayBufferWriter<byte>(json.Length + 32);
        if (!Photon.Channels.Wire.ChannelMessageJson.TryNormalize(json, 1_795_750_774_279, output, out _, out _, out var error))
        {
            throw new InvalidOperationException($"sample message refused: {error}");
        }

        return output.WrittenSpan.ToArray();
    }
}
