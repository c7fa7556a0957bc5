using System.Buffers;
using System.Text;
using Photon.Channels.Wire;

namespace Photon.Channels.Tests.Wire;

public sealed class ServerSentEventWriterTests
{
    [Fact]
    public void An_event_is_written_with_LF_only_and_one_data_line_per_payload_line()
    {
        var frame = ServerSentEventWriter.Encode([], "1-2"u8, "a\r\nb\rc\nd"u8);
        Assert.Equal("id: 1-2\ndata: a\ndata: b\ndata: c\ndata: d\n\n", Encoding.UTF8.GetString(frame));
    }

    [Fact]
    public void Named_events_retry_and_comments_have_their_standard_form()
    {
        var buffer = new ArrayBufferWriter<byte>();
        ServerSentEventWriter.WriteEvent(buffer, "refresh_needed"u8, [], "{}"u8);
        ServerSentEventWriter.WriteRetry(buffer, TimeSpan.FromSeconds(2));
        ServerSentEventWriter.WriteComment(buffer, "hello"u8);
        Assert.Equal("event: refresh_needed\ndata: {}\n\nretry: 2000\n\n: hello\n\n", Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void An_id_with_a_line_break_is_refused() =>
        Assert.Throws<ArgumentException>(() => ServerSentEventWriter.Encode([], "a\nb"u8, "x"u8));
}
