using System.Diagnostics;
using Photon.Bench.Scenarios;

namespace Photon.Bench.Measuring;

/// <summary>
/// Finds each benchmark message in one connection's raw bytes and records its publish-to-deliver latency.
/// </summary>
/// <remarks>
/// Every transport carries the published JSON verbatim (an SSE <c>data:</c> line, a socket <c>channel_message</c>
/// line, a Redis push, an nchan event), so one scanner for <c>"sent":&lt;timestamp&gt;</c> serves them all and
/// every subscriber, ours or a peer's, costs the load generator the same: no per-message parsing or allocation.
/// State carries across reads, so a marker split between two reads is still found.
/// </remarks>
internal sealed class LatencyScanner
{
    private static ReadOnlySpan<byte> Marker => "\"sent\":"u8;

    private readonly List<long> _latencyTicks = new(1024);
    private int _matched;
    private bool _inNumber;
    private long _number;
    private long _deliveries;
    private long _warmUps;

    public long Deliveries => Volatile.Read(ref _deliveries);

    /// <summary>Warm-up messages seen: they tell that the subscription is live, and are not measured.</summary>
    public long WarmUps => Volatile.Read(ref _warmUps);

    /// <summary>Latencies in <see cref="Stopwatch"/> ticks; read only after the connection stopped reading.</summary>
    public IReadOnlyList<long> LatencyTicks => _latencyTicks;

    public void Scan(ReadOnlySpan<byte> bytes)
    {
        var now = 0L;
        foreach (var b in bytes)
        {
            if (_inNumber)
            {
                if (b is >= (byte)'0' and <= (byte)'9')
                {
                    _number = (_number * 10) + (b - '0');
                    continue;
                }

                _inNumber = false;
                if (now == 0)
                {
                    // One clock read per chunk: the bytes of a chunk arrived together.
                    now = Stopwatch.GetTimestamp();
                }

                if (_number == BenchMessage.WarmUpTimestamp)
                {
                    Volatile.Write(ref _warmUps, _warmUps + 1);
                }
                else
                {
                    _latencyTicks.Add(now - _number);
                    Volatile.Write(ref _deliveries, _deliveries + 1);
                }
            }

            if (b == Marker[_matched])
            {
                if (++_matched == Marker.Length)
                {
                    _matched = 0;
                    _inNumber = true;
                    _number = 0;
                }
            }
            else
            {
                _matched = b == Marker[0] ? 1 : 0;
            }
        }
    }
}
