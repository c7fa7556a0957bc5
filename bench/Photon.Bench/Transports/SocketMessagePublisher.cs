using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Photon.Channels.Wire;

namespace Photon.Bench.Transports;

/// <summary>
/// Publishes over one daemon socket connection, pipelined: each publish line carries its own id and completes when
/// the gateway's <c>result</c> line with that id comes back, so many publishes can be in flight at once.
/// </summary>
internal sealed class SocketMessagePublisher : IMessagePublisher
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<long, TaskCompletionSource> _pending = new();
    private readonly Task _reading;
    private long _nextId;

    private SocketMessagePublisher(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _reading = ReadResultsAsync();
    }

    public static async Task<SocketMessagePublisher> ConnectAsync(string path, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        return new SocketMessagePublisher(socket);
    }

    public async Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = done;
        var line = Encoding.UTF8.GetBytes(
            $$"""{"type":"publish","id":"{{id}}","channel":{{JsonSerializer.Serialize(channel)}},"message":{{Encoding.UTF8.GetString(message.Span)}}}""" + "\n");
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            await _stream.WriteAsync(line, cancellationToken);
        }
        finally
        {
            _writeLock.Release();
        }

        await done.Task.WaitAsync(cancellationToken);
    }

    private async Task ReadResultsAsync()
    {
        var reader = PipeReader.Create(_stream);
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync();
                var buffer = read.Buffer;
                while (JsonLines.TryReadLine(ref buffer, JsonLines.DefaultMaxLineBytes, out var line))
                {
                    Complete(line);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (read.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // Closed by DisposeAsync or by the gateway; whatever is pending fails below.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new IOException("the daemon socket closed before answering"));
        }
    }

    private void Complete(ReadOnlySequence<byte> line)
    {
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        if (!root.TryGetProperty("id", out var idElement)
            || !long.TryParse(idElement.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !_pending.TryRemove(id, out var pending))
        {
            return;
        }

        if (root.GetProperty("type").GetString() == "result")
        {
            pending.TrySetResult();
        }
        else
        {
            pending.TrySetException(new IOException($"publish refused: {root.GetRawText()}"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Shutdown(SocketShutdown.Both);
        await _reading;
        await _stream.DisposeAsync();
        _writeLock.Dispose();
    }
}
