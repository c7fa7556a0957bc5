using System.Buffers;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Photon.Channels.Tests.Helpers;
using Photon.Channels.Wire;

namespace Photon.Channels.Tests.Wire;

/// <summary>
/// Properties of <see cref="ServerSentEventParser"/> against the WHATWG event-stream rules: chunking, line
/// endings, ignored lines, garbage and the size limit.
/// </summary>
public sealed class ServerSentEventParserProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    // Pieces chosen to hit the parser's edges: field names, colons and spaces, multi-byte UTF-8 (2, 3 and 4
    // bytes), a BOM and NEL/LS that are not line breaks in SSE, NUL (ignored in ids).
    private static readonly string[] TextPieces =
        ["a", "Z", " ", "  ", ":", ": ", "data", "id", "event", "retry", "1", "é", "✓", "😀", "\uFEFF", "\u0085", "\u2028", "\t", "\0"];

    private static readonly string[] LineBreaks = ["\n", "\r", "\r\n"];

    private static Gen<string> Text(bool withLineBreaks, bool withNul = true)
    {
        var pieces = TextPieces.Where(p => withNul || p != "\0").Concat(withLineBreaks ? LineBreaks : []).ToArray();
        return Gen.Elements(pieces).ListOf().Select(p => string.Concat(p));
    }

    private abstract record Item;

    private sealed record Event(string Name, string Id, string Data) : Item;

    private sealed record Comment(string Text) : Item;

    private sealed record RetryLine(int Milliseconds) : Item;

    private static readonly Gen<Item> ItemGen = Gen.Frequency(
        (6, from name in Text(withLineBreaks: false)
            from id in Text(withLineBreaks: false)
            from data in Text(withLineBreaks: true)
            select (Item)new Event(name, id, data)),
        (1, Text(withLineBreaks: false).Select(t => (Item)new Comment(t))),
        (1, Gen.Choose(0, int.MaxValue).Select(ms => (Item)new RetryLine(ms))));

    /// <summary>Feeds <paramref name="stream"/> cut at <paramref name="cuts"/> to a fresh parser.</summary>
    private static (List<ServerSentEvent> Events, ServerSentEventParser Parser) Parse(byte[] stream, IEnumerable<int> cuts, int maxEventBytes = 8 * 1024 * 1024)
    {
        var parser = new ServerSentEventParser(maxEventBytes);
        var events = new List<ServerSentEvent>();
        foreach (var chunk in ByteChunks.Split(stream, cuts))
        {
            parser.Feed(chunk.Span, events);
        }

        return (events, parser);
    }

    /// <summary>
    /// Rewrites LF-terminated <paramref name="text"/> with a line ending per line taken from
    /// <paramref name="choices"/>. A CR-ended line followed by an empty LF-ended line would read as one CRLF, so that
    /// LF becomes CRLF: the stream keeps the same lines.
    /// </summary>
    private static string WithLineEndings(string text, int[] choices)
    {
        var lines = text.Split('\n');
        var result = new StringBuilder();
        var previous = "\n";
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var ending = LineBreaks[choices.Length == 0 ? 0 : choices[i % choices.Length]];
            if (previous == "\r" && lines[i].Length == 0 && ending == "\n")
            {
                ending = "\r\n";
            }

            result.Append(lines[i]).Append(ending);
            previous = ending;
        }

        return result.Append(lines[^1]).ToString();
    }

    [Fact]
    public void Events_written_by_the_writer_parse_back_exactly_whatever_the_chunks_and_line_endings()
    {
        var caseGen =
            from items in ItemGen.ListOf()
            from bom in Gen.Elements(false, true)
            from endings in Gen.Choose(0, 2).ArrayOf()
            let stream = Encode(items, bom, endings)
            from cuts in ByteChunks.CutsFor(stream.Length)
            select (items, stream, cuts);

        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var (events, parser) = Parse(testCase.stream, testCase.cuts);

            string? lastId = null;
            TimeSpan? retry = null;
            var expected = new List<ServerSentEvent>();
            foreach (var item in testCase.items)
            {
                switch (item)
                {
                    case Event e:
                        lastId = e.Id.Length > 0 && !e.Id.Contains('\0', StringComparison.Ordinal) ? e.Id : lastId;
                        var data = e.Data.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
                        expected.Add(new ServerSentEvent(e.Name.Length > 0 ? e.Name : "message", data, lastId));
                        break;
                    case RetryLine r:
                        retry = TimeSpan.FromMilliseconds(r.Milliseconds);
                        break;
                }
            }

            Assert.Equal(expected, events);
            Assert.Equal(lastId, parser.LastEventId);
            Assert.Equal(retry, parser.Retry);
        }).Check(Config);

        static byte[] Encode(List<Item> items, bool bom, int[] endings)
        {
            var buffer = new ArrayBufferWriter<byte>();
            foreach (var item in items)
            {
                switch (item)
                {
                    case Event e:
                        ServerSentEventWriter.WriteEvent(buffer, Encoding.UTF8.GetBytes(e.Name), Encoding.UTF8.GetBytes(e.Id), Encoding.UTF8.GetBytes(e.Data));
                        break;
                    case Comment c:
                        ServerSentEventWriter.WriteComment(buffer, Encoding.UTF8.GetBytes(c.Text));
                        break;
                    case RetryLine r:
                        ServerSentEventWriter.WriteRetry(buffer, TimeSpan.FromMilliseconds(r.Milliseconds));
                        break;
                }
            }

            var text = WithLineEndings(Encoding.UTF8.GetString(buffer.WrittenSpan), endings);
            return Encoding.UTF8.GetBytes(bom ? "\uFEFF" + text : text);
        }
    }

    // Runs of 1 to 24 ASCII digits: retry values that fit an int, a long, a TimeSpan, or nothing.
    private static readonly Gen<string> Digits =
        from length in Gen.Choose(1, 24)
        from digits in Gen.Elements("0123456789".ToCharArray()).ArrayOf(length)
        select new string(digits);

    // Lines as a server (or an attacker) might send them: every field, odd spacing, unknown fields, comments.
    private static readonly Gen<string> LineGen = Gen.Frequency(
        (3, from field in Gen.Elements("data", "id", "event", "retry")
            from separator in Gen.Elements(":", ": ", ":  ", "")
            from value in Gen.Frequency((3, Text(withLineBreaks: false)), (2, Digits))
            select field + separator + value),
        (2, Gen.Constant(string.Empty)),
        (1, Text(withLineBreaks: false)));

    [Fact]
    public void CR_LF_and_CRLF_line_endings_are_equivalent()
    {
        var caseGen =
            from lines in LineGen.ListOf()
            from endings in Gen.Choose(0, 2).ArrayOf()
            let lf = string.Concat(lines.Select(l => l + "\n"))
            let mixed = Encoding.UTF8.GetBytes(WithLineEndings(lf, endings))
            from cuts in ByteChunks.CutsFor(mixed.Length)
            select (lf: Encoding.UTF8.GetBytes(lf), mixed, cuts);

        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var (lfEvents, lfParser) = Parse(testCase.lf, []);
            var (events, parser) = Parse(testCase.mixed, testCase.cuts);
            Assert.Equal(lfEvents, events);
            Assert.Equal(lfParser.LastEventId, parser.LastEventId);
            Assert.Equal(lfParser.Retry, parser.Retry);
        }).Check(Config);
    }

    // Lines the standard says to ignore: comments, fields it does not know (names are case-sensitive and
    // end at the colon, so "data " and "Data" are unknown), and retry values that are not all digits.
    private static readonly Gen<string> IgnoredLineGen = Gen.OneOf(
        Text(withLineBreaks: false).Select(t => ":" + t),
        from name in Gen.Elements("Data", "data ", "ID", "events", "x", "retryy", "da\uFEFFta", "😀")
        from value in Gen.Elements(string.Empty, ":", ": v", ":v:w")
        select name + value,
        Gen.Elements("retry", "retry:", "retry: -5", "retry: 1x", "retry:  5", "retry: 1.5", "retry: ١٢"));

    [Fact]
    public void Comments_unknown_fields_and_malformed_retry_lines_change_nothing()
    {
        var caseGen =
            from lines in LineGen.ListOf()
            from insertions in Gen.Zip(Gen.Choose(0, 1000), IgnoredLineGen).ListOf()
            let bytes = Encode(Insert(lines, insertions))
            from cuts in ByteChunks.CutsFor(bytes.Length)
            select (plain: Encode(lines), bytes, cuts);

        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var (plainEvents, plainParser) = Parse(testCase.plain, []);
            var (events, parser) = Parse(testCase.bytes, testCase.cuts);
            Assert.Equal(plainEvents, events);
            Assert.Equal(plainParser.LastEventId, parser.LastEventId);
            Assert.Equal(plainParser.Retry, parser.Retry);
        }).Check(Config);

        // Both streams start with the same comment, so that a byte order mark can only ever be one at the start.
        static byte[] Encode(List<string> lines) => Encoding.UTF8.GetBytes(": start\n" + string.Concat(lines.Select(l => l + "\n")));

        static List<string> Insert(List<string> lines, List<(int, string)> insertions)
        {
            var result = new List<string>(lines);
            foreach (var (at, line) in insertions)
            {
                result.Insert(at % (result.Count + 1), line);
            }

            return result;
        }
    }

    // Bytes from everywhere: structure, field names, digits (long runs overflow a retry), broken and whole
    // multi-byte UTF-8, a BOM, NUL.
    private static readonly Gen<byte[]> GarbageGen = Gen.Frequency(
        (4, Gen.Elements<byte>((byte)'\r', (byte)'\n', (byte)':', (byte)' ', (byte)'a', (byte)'0', (byte)'9', 0x00, 0xC3, 0xA9, 0xE2, 0x9C, 0x93, 0xF0, 0x9F, 0x98, 0x80, 0xEF, 0xBB, 0xBF, 0xFF, 0x80).Select(b => new[] { b })),
        (2, Gen.Elements("data:", "data: ", "id: ", "event: ", "retry: ", "retry:", "\n\n", "\r\n", ": ", "\uFEFF").Select(Encoding.UTF8.GetBytes)),
        (1, Digits.Select(Encoding.ASCII.GetBytes)),
        (1, Gen.Choose(0, 255).Select(b => new[] { (byte)b })))
        .ListOf().Select(parts => parts.SelectMany(p => p).ToArray());

    [Fact]
    public void Any_bytes_however_chunked_parse_as_the_standard_says()
    {
        var caseGen =
            from stream in GarbageGen
            from cuts in ByteChunks.CutsFor(stream.Length)
            select (stream, cuts);

        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var expected = ReferenceEventStream.Interpret(testCase.stream);
            var (events, parser) = Parse(testCase.stream, testCase.cuts);
            Assert.Equal(expected.Events, events);
            Assert.Equal(expected.LastEventId, parser.LastEventId);
            Assert.Equal(expected.Retry, parser.Retry);
        }).Check(Config.WithMaxTest(1000));
    }

    [Fact]
    public void Any_bytes_either_parse_or_fail_with_InvalidDataException_exactly_when_over_the_limit()
    {
        var caseGen =
            from stream in GarbageGen
            from limit in Gen.Choose(16, 128)
            from cuts in ByteChunks.CutsFor(stream.Length)
            select (stream, limit, cuts);

        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var (stream, limit, cuts) = testCase;
            Exception? thrown = null;
            try
            {
                Parse(stream, cuts, limit);
            }
            catch (Exception ex)
            {
                thrown = ex;
            }

            if (thrown is not null)
            {
                Assert.IsType<InvalidDataException>(thrown);
            }

            // A line (ended or not) longer than the limit is always refused. When the whole stream fits within
            // the limit, nothing can be refused: an event's data is never longer than the bytes it came in.
            var longestLine = LongestLine(stream);
            if (longestLine > limit)
            {
                Assert.NotNull(thrown);
            }

            if (stream.Length <= limit)
            {
                Assert.Null(thrown);
            }
        }).Check(Config.WithMaxTest(1000));

        static int LongestLine(byte[] stream)
        {
            var longest = 0;
            var current = 0;
            foreach (var b in stream)
            {
                current = b is (byte)'\r' or (byte)'\n' ? 0 : current + 1;
                longest = Math.Max(longest, current);
            }

            return longest;
        }
    }

    [Fact]
    public void An_over_long_line_or_event_is_refused_before_the_parser_holds_much_more_than_the_limit()
    {
        const int limit = 64 * 1024;
        const int inputBytes = 32 * limit;
        var longLine = Enumerable.Repeat((byte)'x', inputBytes).ToArray();
        var manyDataLines = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("data: " + new string('y', 100) + "\n", inputBytes / 107)));
        var caseGen =
            from stream in Gen.Elements(longLine, manyDataLines)
            from chunkSize in Gen.OneOf(Gen.Choose(1, 64), Gen.Choose(64, 64 * 1024))
            select (stream, chunkSize);

        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var (stream, chunkSize) = testCase;
            var events = new List<ServerSentEvent>();
            var fed = 0;
            var before = GC.GetAllocatedBytesForCurrentThread();
            var parser = new ServerSentEventParser(limit);
            try
            {
                for (; fed < stream.Length; fed += chunkSize)
                {
                    parser.Feed(stream.AsSpan(fed, Math.Min(chunkSize, stream.Length - fed)), events);
                }
            }
            catch (InvalidDataException)
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

                // Refused within a chunk of the limit, having allocated a small multiple of it (a growing line
                // buffer doubles; data is held as UTF-16), not anything proportional to the input.
                Assert.InRange(fed, 0, 2 * limit);
                Assert.InRange(allocated, 0, 8L * limit);
                Assert.Empty(events);
                return;
            }

            Assert.Fail("an over-long line or event was not refused");
        }).Check(Config.WithMaxTest(50));
    }
}
