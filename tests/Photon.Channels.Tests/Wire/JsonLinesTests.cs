using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Photon.Channels.Wire;

namespace Photon.Channels.Tests.Wire;

public sealed class JsonLinesTests
{
    /// <summary>Feeds <paramref name="stream"/> in chunks cut at <paramref name="cuts"/>, as a socket would deliver it.</summary>
    private static List<byte[]> ReadLines(byte[] stream, IEnumerable<int> cuts, int maxLineBytes)
    {
        var lines = new List<byte[]>();
        var pending = Array.Empty<byte>();
        var start = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < stream.Length).Distinct().Order().Append(stream.Length))
        {
            var buffer = new ReadOnlySequence<byte>([.. pending, .. stream.AsSpan(start, cut - start)]);
            while (JsonLines.TryReadLine(ref buffer, maxLineBytes, out var line))
            {
                lines.Add(line.ToArray());
            }

            pending = buffer.ToArray();
            start = cut;
        }

        return lines;
    }

    [Fact]
    public void Lines_are_split_on_LF_and_a_CR_before_it_is_dropped()
    {
        var lines = ReadLines(Encoding.UTF8.GetBytes("a\r\n\nb\rc\n{\"x\":1}\npartial"), [], 100);
        Assert.Equal(["a", "", "b\rc", "{\"x\":1}"], lines.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public void A_line_over_the_limit_is_refused_whether_or_not_it_is_complete()
    {
        var complete = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(new string('x', 11) + "\n"));
        Assert.Throws<InvalidDataException>(() => JsonLines.TryReadLine(ref complete, 10, out _));

        var incomplete = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(new string('x', 11)));
        Assert.Throws<InvalidDataException>(() => JsonLines.TryReadLine(ref incomplete, 10, out _));

        var exact = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(new string('x', 10) + "\r\n"));
        Assert.True(JsonLines.TryReadLine(ref exact, 10, out var line));
        Assert.Equal(10, line.Length);
    }

    [Fact]
    public void Any_bytes_split_anywhere_give_the_same_lines_as_read_whole()
    {
        var bytesGen = Gen.Elements<byte>((byte)'\n', (byte)'\r', (byte)'{', (byte)'"', 0xC3, 0xA9, 0xFF, 0x00, (byte)'a').ArrayOf();
        var caseGen = from bytes in bytesGen from cuts in Gen.Choose(0, 64).ListOf() select (bytes, cuts);
        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var whole = ReadLines(testCase.bytes, [], 1 << 20);
            var split = ReadLines(testCase.bytes, testCase.cuts, 1 << 20);
            var expected = Encoding.Latin1.GetString(testCase.bytes).Split('\n')[..^1]
                .Select(l => l.EndsWith('\r') ? l[..^1] : l);
            return whole.Select(Encoding.Latin1.GetString).SequenceEqual(expected)
                && split.Select(Encoding.Latin1.GetString).SequenceEqual(expected);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Line_breaks_in_JSON_whitespace_are_removed_without_changing_the_value()
    {
        var output = new ArrayBufferWriter<byte>();
        JsonLines.WriteWithoutLineBreaks(output, "{\r\n  \"a\": [1,\n 2]\n}"u8);
        Assert.Equal("{  \"a\": [1, 2]}", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
