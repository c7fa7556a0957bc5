using System.Collections.Concurrent;
using System.Diagnostics;

namespace Photon.Bench.Measuring;

/// <summary>The deliveries and latencies of every subscriber connection of one scenario run.</summary>
internal sealed class DeliveryRecorder
{
    private readonly ConcurrentBag<LatencyScanner> _scanners = [];

    /// <summary>A scanner for one more connection; only that connection's reader may use it.</summary>
    public LatencyScanner NewConnection()
    {
        var scanner = new LatencyScanner();
        _scanners.Add(scanner);
        return scanner;
    }

    public long Deliveries => _scanners.Sum(s => s.Deliveries);

    /// <summary>Connections that have received at least one warm-up message: their subscription is live.</summary>
    public int SubscribersWarm => _scanners.Count(s => s.WarmUps > 0);

    /// <summary>
    /// Waits until <paramref name="expected"/> deliveries arrived, or none arrived for <paramref name="quiet"/>;
    /// returns the <see cref="Stopwatch"/> timestamp of the last one seen.
    /// </summary>
    public async Task<long> WaitForDeliveriesAsync(long expected, TimeSpan quiet, CancellationToken cancellationToken)
    {
        var last = Deliveries;
        var lastChange = Stopwatch.GetTimestamp();
        while (last < expected && Stopwatch.GetElapsedTime(lastChange) < quiet)
        {
            await Task.Delay(5, cancellationToken);
            var now = Deliveries;
            if (now != last)
            {
                last = now;
                lastChange = Stopwatch.GetTimestamp();
            }
        }

        return lastChange;
    }

    /// <summary>p50, p99 and max latency in milliseconds; call after the readers stopped.</summary>
    public LatencySummary Summarize()
    {
        var all = _scanners.SelectMany(s => s.LatencyTicks).ToArray();
        if (all.Length == 0)
        {
            return new LatencySummary(double.NaN, double.NaN, double.NaN);
        }

        Array.Sort(all);
        double Milliseconds(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(
            Milliseconds(all[(int)(all.Length * 0.50)]),
            Milliseconds(all[Math.Min(all.Length - 1, (int)(all.Length * 0.99))]),
            Milliseconds(all[^1]));
    }
}
