using System.Diagnostics;
using Photon.Bench.Transports;

namespace Photon.Bench.Scenarios;

/// <summary>How scenarios publish: as fast as the server accepts, or at a fixed rate.</summary>
internal static class PublishPlans
{
    /// <summary>
    /// Each of <paramref name="publishers"/> clients keeps <paramref name="inFlight"/> publishes outstanding (a
    /// new one as soon as one is accepted) for <paramref name="duration"/>, taking its channels in turn.
    /// </summary>
    public static async Task<long> FloodAsync(ITransport transport, IReadOnlyList<string> channels, int publishers, int inFlight, TimeSpan duration, CancellationToken cancellationToken)
    {
        long published = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Parallel.ForEachAsync(Enumerable.Range(0, publishers), new ParallelOptions { MaxDegreeOfParallelism = publishers, CancellationToken = cancellationToken }, async (p, ct) =>
        {
            // Publisher p takes every publishers-th channel, so the publishers share the channels out between them.
            var own = channels.Where((_, i) => i % publishers == p).ToArray();
            await using var publisher = await transport.ConnectPublisherAsync(ct);
            await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async lane =>
            {
                await Task.Yield();
                for (var n = lane; Stopwatch.GetTimestamp() < deadline; n += inFlight)
                {
                    var channel = own[n % own.Length];
                    await publisher.PublishAsync(channel, BenchMessage.Create(channel, Stopwatch.GetTimestamp()), ct);
                    Interlocked.Increment(ref published);
                }
            }));
        });
        return published;
    }

    /// <summary>
    /// One client publishes <paramref name="perSecond"/> messages a second on one channel for <paramref name="duration"/>,
    /// not waiting for one publish to be accepted before the next is due: latency is measured from each message's
    /// own send time, so timer jitter here does not show up as latency.
    /// </summary>
    public static async Task<long> PacedAsync(ITransport transport, string channel, int perSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        await using var publisher = await transport.ConnectPublisherAsync(cancellationToken);
        var total = (long)(perSecond * duration.TotalSeconds);
        var pending = new List<Task>((int)total);
        var started = Stopwatch.GetTimestamp();
        long sent = 0;
        while (sent < total)
        {
            var due = Math.Min(total, (long)(Stopwatch.GetElapsedTime(started).TotalSeconds * perSecond) + 1);
            for (; sent < due; sent++)
            {
                pending.Add(publisher.PublishAsync(channel, BenchMessage.Create(channel, Stopwatch.GetTimestamp()), cancellationToken));
            }

            await Task.Delay(1, cancellationToken);
        }

        await Task.WhenAll(pending);
        return total;
    }
}
