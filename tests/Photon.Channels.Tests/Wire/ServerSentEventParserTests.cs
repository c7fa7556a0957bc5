using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Photon.Channels.Wire;

namespace Photon.Channels.Tests.Wire;

public sealed class ServerSentEventParserTests
{
    private static List<ServerSentEvent> ParseInChunks(byte[] stream, IEnumerable<int> cuts)
    {
        var parser = new ServerSentEventParser();
        var events = new List<ServerSentEvent>();
        var start = 0;
        foreach (var cut in cuts.Where(c => c > 0 && c < stream.Length).Distinct().Order().Append(stream.Length))
        {
            parser.Feed(stream.AsSpan(start, cut - start), events);
            start = cut;
        }

        return events;
    }

    [Fact]
    public void A_stream_parses_the_same_however_it_is_split_into_two_chunks()
    {
        var stream = Encoding.UTF8.GetBytes("retry: 2000\r\n\r\n: comment\r\nid: e-1\r\ndata: {\"a\":1}\r\n\r\nevent: refresh_needed\rdata: x\r\rid: e-2\ndata: line1\ndata: line2\n\n");
        var whole = ParseInChunks(stream, []);
        Assert.Equal(
            [new ServerSentEvent("message", "{\"a\":1}", "e-1"), new ServerSentEvent("refresh_needed", "x", "e-1"), new ServerSentEvent("message", "line1\nline2", "e-2")],
            whole);

        for (var cut = 1; cut < stream.Length; cut++)
        {
            Assert.Equal(whole, ParseInChunks(stream, [cut]));
        }
    }

    [Fact]
    public void An_event_whose_blank_line_arrives_later_is_dispatched_then()
    {
        var parser = new ServerSentEventParser();
        var events = new List<ServerSentEvent>();
        parser.Feed("data: x\n"u8, events);
        Assert.Empty(events);
        parser.Feed("\n"u8, events);
        Assert.Single(events);
    }

    [Fact]
    public void Fields_follow_the_standard()
    {
        var events = ParseInChunks(Encoding.UTF8.GetBytes("data\n\ndata:no-space\n\ndata:  two-spaces\n\nid\ndata: after-empty-id\n\nid: a\0b\ndata: nul-id-ignored\n\nretry: x\n\nevent: e\n\ndata: y\n\n"), []);
        Assert.Equal(
            [
                new ServerSentEvent("message", string.Empty, null),
                new ServerSentEvent("message", "no-space", null),
                new ServerSentEvent("message", " two-spaces", null),
                new ServerSentEvent("message", "after-empty-id", string.Empty),
                new ServerSentEvent("message", "nul-id-ignored", string.Empty),
                new ServerSentEvent("message", "y", string.Empty),
            ],
            events);
    }

    [Fact]
    public void Retry_and_a_byte_order_mark_are_understood()
    {
        var parser = new ServerSentEventParser();
        var events = new List<ServerSentEvent>();
        parser.Feed([0xEF, 0xBB], events);
        parser.Feed([0xBF, .. "retry: 1500\ndata: ok\n\n"u8], events);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), parser.Retry);
        Assert.Equal([new ServerSentEvent("message", "ok", null)], events);
    }

    [Fact]
    public void A_line_beyond_the_limit_is_refused()
    {
        var parser = new ServerSentEventParser(maxEventBytes: 64);
        Assert.Throws<InvalidDataException>(() => parser.Feed(Encoding.UTF8.GetBytes("data: " + new string('x', 100)), []));
    }

    [Theory]
    [InlineData("retry: 922337203685478\n")]
    [InlineData("retry: 9223372036854775807\n")]
    [InlineData("retry: 99999999999999999999\n")]
    public void A_retry_too_large_for_a_TimeSpan_is_ignored_not_thrown(string stream)
    {
        // Found by the garbage property: 16 to 19 digits parsed as a long and overflowed TimeSpan.FromMilliseconds
        // with an ArgumentOutOfRangeException, which the HttpBroker's read loop does not expect.
        var parser = new ServerSentEventParser();
        parser.Feed("retry: 1500\n"u8, []);
        parser.Feed(Encoding.ASCII.GetBytes(stream), []);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), parser.Retry);
    }

    [Fact]
    public void The_last_event_id_changes_when_an_event_is_dispatched_not_when_its_id_line_arrives()
    {
        // WHATWG: "id:" sets the last event ID buffer; the last event ID string (what a reconnect sends) takes it
        // at the blank line, with or without data. A stream cut after "id: 2" but before its blank line must resume
        // from 1, or event 2 is never delivered.
        var parser = new ServerSentEventParser();
        var events = new List<ServerSentEvent>();
        parser.Feed("id: 1\ndata: a\n\nid: 2\ndata: b\n"u8, events);
        Assert.Equal([new ServerSentEvent("message", "a", "1")], events);
        Assert.Equal("1", parser.LastEventId);

        parser.Feed("\n"u8, events);
        Assert.Equal("2", parser.LastEventId);

        // The gateway opens a stream with a data-less "id:" frame: it is the position to resume from.
        parser.Feed("id: 3\n\n"u8, events);
        Assert.Equal(2, events.Count);
        Assert.Equal("3", parser.LastEventId);
    }

    [Fact]
    public void What_the_writer_writes_the_parser_reads_back_however_it_is_chunked_and_whatever_the_line_endings()
    {
        var eventGen =
            from name in Gen.Elements("", "message", "refresh_needed")
            from id in Gen.Elements("", "1-1", "abc-99")
            from lineCount in Gen.Choose(1, 4)
            from lines in Gen.Elements("x", "{\"a\":1}", "", "é✓", "with: colon").ListOf(lineCount)
            select (name, id, data: string.Join('\n', lines));
        var caseGen =
            from eventCount in Gen.Choose(1, 5)
            from events in eventGen.ListOf(eventCount)
            from crlf in Gen.Elements(false, true)
            from cuts in Gen.Choose(0, 400).ListOf()
            select (events, crlf, cuts);

        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            foreach (var (name, id, data) in testCase.events)
            {
                ServerSentEventWriter.WriteEvent(buffer, Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(id), Encoding.UTF8.GetBytes(data));
            }

            var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
            var stream = Encoding.UTF8.GetBytes(testCase.crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text);
            var parsed = ParseInChunks(stream, testCase.cuts);

            string? lastId = null;
            var expected = testCase.events.Select(e =>
            {
                lastId = e.id.Length > 0 ? e.id : lastId;
                return new ServerSentEvent(e.name.Length > 0 ? e.name : "message", e.data, lastId);
            }).ToList();
            return expected.SequenceEqual(parsed);
        }).QuickCheckThrowOnFailure();
    }
}
