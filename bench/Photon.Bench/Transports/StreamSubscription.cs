using Photon.Bench.Measuring;

namespace Photon.Bench.Transports;

/// <summary>Reads a subscriber connection until it is disposed, handing every byte to its scanner.</summary>
internal sealed class StreamSubscription : IAsyncDisposable
{
    // Large enough that a fan-out burst is read in few calls; small enough for 10,000 idle connections.
    private const int BufferBytes = 16 * 1024;

    private readonly Stream _stream;
    private readonly IDisposable? _owner;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;

    /// <param name="stream">The connection, positioned at its first subscribed byte.</param>
    /// <param name="owner">What else to dispose with it (an HTTP response).</param>
    /// <param name="scanner">Where the bytes go.</param>
    /// <param name="read">False for idle subscribers, whose bytes are never read.</param>
    public StreamSubscription(Stream stream, IDisposable? owner, LatencyScanner scanner, bool read = true)
    {
        _stream = stream;
        _owner = owner;
        _reading = read ? ReadAsync(scanner) : Task.CompletedTask;
    }

    private async Task ReadAsync(LatencyScanner scanner)
    {
        // Start on the pool, not on the caller's stack that is still opening other connections.
        await Task.Yield();
        var buffer = new byte[BufferBytes];
        try
        {
            int read;
            while ((read = await _stream.ReadAsync(buffer, _stop.Token)) > 0)
            {
                scanner.Scan(buffer.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Disposed, or the server closed the connection: the missing deliveries show in the table.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reading;
        await _stream.DisposeAsync();
        _owner?.Dispose();
        _stop.Dispose();
    }
}
