using System.Text;

namespace Photon.Testing;

/// <summary>
/// A raw event-stream reader for server tests: it returns frames exactly as the server wrote them (the text
/// between blank lines), so tests can assert bytes, not only what a lenient parser makes of them.
/// </summary>
public sealed class SseTestClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly Stream _stream;
    private string _text = string.Empty;
    private int _offset;
    private readonly byte[] _chunk = new byte[8192];
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    private SseTestClient(HttpResponseMessage response, Stream stream)
    {
        _response = response;
        _stream = stream;
    }

    public HttpResponseMessage Response => _response;

    public static async Task<SseTestClient> ConnectAsync(HttpClient client, string pathAndQuery, string? lastEventId = null, string? bearerToken = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        if (bearerToken is not null)
        {
            request.Headers.Authorization = new("Bearer", bearerToken);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var stream = await response.Content.ReadAsStreamAsync();
        return new SseTestClient(response, stream);
    }

    /// <summary>The next frame, without its terminating blank line; comment-only frames (keep-alives) are skipped when asked.</summary>
    public async Task<string> NextFrameAsync(TimeSpan? timeout = null, bool skipComments = true)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var end = _text.IndexOf("\n\n", _offset, StringComparison.Ordinal);
            if (end >= 0)
            {
                var frame = _text[_offset..end];
                _offset = end + 2;
                if (skipComments && frame.Split('\n').All(line => line.StartsWith(':')))
                {
                    continue;
                }

                return frame;
            }

            var read = await _stream.ReadAsync(_chunk, cts.Token);
            if (read == 0)
            {
                throw new EndOfStreamException($"the event stream ended; unread: '{_text[_offset..]}'");
            }

            var chars = new char[_decoder.GetCharCount(_chunk, 0, read)];
            _decoder.GetChars(_chunk, 0, read, chars, 0);
            _text = string.Concat(_text.AsSpan(_offset), chars);
            _offset = 0;
        }
    }

    /// <summary>The next frame that carries data, as (id, event, data).</summary>
    public async Task<(string? Id, string? Event, string Data)> NextEventAsync(TimeSpan? timeout = null)
    {
        while (true)
        {
            var frame = await NextFrameAsync(timeout);
            string? id = null, eventName = null;
            var data = new List<string>();
            foreach (var line in frame.Split('\n'))
            {
                if (line.StartsWith("id: ", StringComparison.Ordinal)) id = line[4..];
                else if (line.StartsWith("event: ", StringComparison.Ordinal)) eventName = line[7..];
                else if (line.StartsWith("data: ", StringComparison.Ordinal)) data.Add(line[6..]);
            }

            if (data.Count > 0)
            {
                return (id, eventName, string.Join('\n', data));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync();
        _response.Dispose();
    }
}
