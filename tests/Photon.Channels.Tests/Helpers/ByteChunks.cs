using FsCheck;
using FsCheck.Fluent;

namespace Photon.Channels.Tests.Helpers;

/// <summary>Cuts a byte stream into the chunks a socket might deliver it in.</summary>
public static class ByteChunks
{
    /// <summary>
    /// Cut points for a stream of <paramref name="length"/> bytes: anywhere (inside CRLF pairs and multi-byte
    /// characters included), or between every byte.
    /// </summary>
    public static Gen<int[]> CutsFor(int length) =>
        length < 2
            ? Gen.Constant(Array.Empty<int>())
            : Gen.Frequency(
                (4, Gen.Choose(1, length - 1).ArrayOf()),
                (1, Gen.Constant(Enumerable.Range(1, length - 1).ToArray())));

    /// <summary>The chunks of <paramref name="stream"/> between <paramref name="cuts"/> (out-of-range and repeated cuts are ignored).</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Split(byte[] stream, IEnumerable<int> cuts)
    {
        var start = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < stream.Length).Distinct().Order().Append(stream.Length))
        {
            yield return stream.AsMemory(start, cut - start);
            start = cut;
        }
    }
}
