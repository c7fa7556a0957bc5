using System.Collections.Concurrent;
using Photon.Channels;
using Photon.Channels.Http;

namespace Photon.Faults;

/// <summary>
/// Publishes messages numbered 1..N to one channel over HTTP, in <c>lanes</c> concurrent lanes that each
/// publish one message at a time. A message counts as published only once a gateway answered 200 with its
/// position; a publish that failed is retried with the same number, on the next gateway, until one does.
/// </summary>
/// <remarks>
/// A failed publish may have been stored all the same (the answer was lost, not the message). Each number is
/// therefore published with an idempotency key and the same body every time, so its retry is answered with the
/// original position instead of being stored again (issue 8); numbers that were retried are kept in
/// <see cref="Retried"/>, and a number stored twice all the same fails the run.
/// </remarks>
internal sealed class SequencedPublisher(IReadOnlyList<HttpBroker> gateways, string channel, int lanes, TimeSpan givingUpAfter, int padBytes) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, ChannelPosition> _acknowledged = new();
    private readonly ConcurrentDictionary<long, string> _retried = new();
    private int _failures;

    public string Channel => channel;

    public int Acknowledged => _acknowledged.Count;

    /// <summary>How many publish attempts failed so far.</summary>
    public int Failures => Volatile.Read(ref _failures);

    public IEnumerable<long> Sequences => _acknowledged.Keys;

    /// <summary>The numbers whose publish failed at least once before it was acknowledged, with the last error.</summary>
    public IReadOnlyDictionary<long, string> Retried => _retried;

    /// <summary>The positions the channel assigned, one epoch unless the channel lost its history.</summary>
    public IEnumerable<ChannelPosition> Positions => _acknowledged.Values;

    public bool Contains(long seq) => _acknowledged.ContainsKey(seq);

    public long LaneOf(long seq) => (seq - 1) % lanes;

    /// <summary>Publishes 1..<paramref name="count"/>; with <paramref name="perSecond"/>, no faster, so that a stream lasts long enough for its fault.</summary>
    public Task PublishAsync(long count, double? perSecond, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        return Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => Task.Run(() => PublishLaneAsync(lane, count, started, perSecond, cancellationToken), cancellationToken)));
    }

    private async Task PublishLaneAsync(int lane, long count, long started, double? perSecond, CancellationToken cancellationToken)
    {
        var gateway = lane % gateways.Count;
        for (var seq = lane + 1L; seq <= count; seq += lanes)
        {
            if (perSecond is { } rate && TimeSpan.FromSeconds(seq / rate) - TimeProvider.System.GetElapsedTime(started) is { Ticks: > 0 } early)
            {
                await Task.Delay(early, cancellationToken);
            }

            // Stamped once: every attempt sends the same body, as a retry under one idempotency key must.
            var message = SequenceNumbers.Message(channel, seq, padBytes) with { Timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() };
            var deadline = DateTime.UtcNow + givingUpAfter;
            while (true)
            {
                try
                {
                    var position = await gateways[gateway].PublishOnceAsync(message, FormattableString.Invariant($"seq-{seq}"), cancellationToken)
                        ?? throw new ChannelBrokerException("the gateway answered without a position");
                    _acknowledged[seq] = position;
                    break;
                }
                catch (ChannelBrokerException ex) when (DateTime.UtcNow < deadline)
                {
                    // Unknown outcome: retry the same message under the same key, elsewhere.
                    Interlocked.Increment(ref _failures);
                    _retried[seq] = ex.Message;
                    gateway = (gateway + 1) % gateways.Count;
                    await Task.Delay(100, cancellationToken);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in gateways)
        {
            await gateway.DisposeAsync();
        }
    }
}
