using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Photon.Testing;

/// <summary>A raw connection to a daemon socket: writes lines, reads lines, exactly as they go over the wire.</summary>
public sealed class DaemonTestClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly StreamReader _reader;

    private DaemonTestClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reader = new StreamReader(_stream, new UTF8Encoding(false));
    }

    public static async Task<DaemonTestClient> ConnectAsync(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path));
        return new DaemonTestClient(socket);
    }

    public async Task SendAsync(string text) => await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendBytesAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public Task SendLineAsync(string json) => SendAsync(json + "\n");

    /// <summary>The next line, or null when the daemon closed the connection.</summary>
    public async Task<string?> ReadLineAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        return await _reader.ReadLineAsync(cts.Token);
    }

    /// <summary>The next line, parsed.</summary>
    public async Task<JsonElement> ReadJsonAsync(TimeSpan? timeout = null)
    {
        var line = await ReadLineAsync(timeout) ?? throw new EndOfStreamException("the daemon closed the connection");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    /// <summary>Sends a subscribe request and returns the lines up to and including its result.</summary>
    public async Task<List<JsonElement>> SubscribeAsync(string channel, string id = "s1", string? lastEventId = null)
    {
        var last = lastEventId is null ? string.Empty : $",\"lastEventId\":{JsonSerializer.Serialize(lastEventId)}";
        await SendLineAsync($$"""{"type":"subscribe","id":"{{id}}","channel":{{JsonSerializer.Serialize(channel)}},"clientType":"photon"{{last}}}""");
        var lines = new List<JsonElement>();
        while (true)
        {
            var line = await ReadJsonAsync();
            lines.Add(line);
            if (line.GetProperty("id").GetString() == id && line.GetProperty("type").GetString() is "result" or "error")
            {
                return lines;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        await _stream.DisposeAsync();
        _socket.Dispose();
    }
}
