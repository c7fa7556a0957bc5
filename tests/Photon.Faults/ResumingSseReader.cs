using System.Net.Sockets;
using System.Text;

namespace Photon.Faults;

/// <summary>
/// A raw event-stream subscriber that resumes like a browser's EventSource: whenever its stream ends or is
/// dropped it reconnects with <c>Last-Event-ID</c>, each time to the next gateway. It reads frames as the
/// gateway writes them (LF only), so it sees ids, data-less start ids and <c>refresh_needed</c> notices.
/// </summary>
internal sealed class ResumingSseReader(HttpClient client, IReadOnlyList<Uri> gateways, int firstGateway, string channel, DeliveryLog log)
{
    // After a failed connection; doubled per failure in a row, so that a thousand readers do not flood a cluster that is down.
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(3);

    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource _connection = new();
    private string? _lastId;
    private Task _running = Task.CompletedTask;
    private int _connections;

    public DeliveryLog Log => log;

    /// <summary>The id the next connection resumes from: the last frame's, including the data-less one a stream starts with.</summary>
    public string? LastId => Volatile.Read(ref _lastId);

    public int Connections => Volatile.Read(ref _connections);

    public void Start() => _running = Task.Run(RunAsync);

    /// <summary>Cuts the current connection; the reader reconnects at once, with its last id.</summary>
    public void Drop()
    {
        try
        {
            Volatile.Read(ref _connection).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // That connection had ended already.
        }
    }

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _running;
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var gateway = firstGateway;
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            var connections = Connections;
            using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            Volatile.Write(ref _connection, connection);
            var dropped = false;
            try
            {
                await ReadAsync(gateways[gateway], connection.Token);
            }
            catch (OperationCanceledException) when (connection.IsCancellationRequested)
            {
                dropped = true;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or SocketException)
            {
                // The gateway went away or refused: try the next one after a pause.
            }

            gateway = (gateway + 1) % gateways.Count;
            failures = Connections > connections ? 0 : failures + 1;
            if (!dropped && !_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, RetryDelay.Ticks << Math.Min(failures, 8))), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                }
            }
        }
    }

    private async Task ReadAsync(Uri gateway, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, "/subscribe?channel=" + Uri.EscapeDataString(channel)));
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (LastId is { } lastId)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastId);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"subscribe answered {(int)response.StatusCode}");
        }

        Interlocked.Increment(ref _connections);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[64 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return;
            }

            filled += read;
            var consumed = 0;
            int end;
            while ((end = buffer.AsSpan(consumed, filled - consumed).IndexOf("\n\n"u8)) >= 0)
            {
                OnFrame(buffer.AsSpan(consumed, end));
                consumed += end + 2;
            }

            buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
            filled -= consumed;
        }
    }

    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        string? id = null;
        var isGap = false;
        long? seq = null;
        foreach (var range in frame.Split((byte)'\n'))
        {
            var line = frame[range];
            if (line.StartsWith("id: "u8))
            {
                id = Encoding.UTF8.GetString(line[4..]);
            }
            else if (line.SequenceEqual("event: refresh_needed"u8))
            {
                isGap = true;
            }
            else if (line.StartsWith("data: "u8) && !isGap)
            {
                seq = SequenceNumbers.Of(line[6..]);
            }
        }

        if (isGap)
        {
            log.AddGap();
        }
        else if (seq is { } received)
        {
            log.Add(received);
        }

        // The id counts once its frame is whole: resuming from it never skips a message that was cut off.
        if (id is not null)
        {
            Volatile.Write(ref _lastId, id);
        }
    }

}
