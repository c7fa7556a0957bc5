using System.Diagnostics;
using Photon.Bench.Measuring;
using Photon.Bench.Transports;

namespace Photon.Bench.Scenarios;

/// <summary>
/// What the load scenarios share: open the subscribers, wait until each got a warm-up message, then measure the
/// server's CPU and peak memory and every delivery's latency while a publishing plan runs, until every published
/// message reached every subscriber or deliveries stopped.
/// </summary>
internal static class LoadRun
{
    private static readonly TimeSpan WarmUpTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan WarmUpRepeat = TimeSpan.FromMilliseconds(250);

    /// <summary>How long deliveries may stop before the messages still missing count as lost.</summary>
    private static readonly TimeSpan DrainQuiet = TimeSpan.FromSeconds(3);

    /// <summary>Runs <paramref name="plan"/>, which publishes on the channels and returns how many messages it published.</summary>
    public static async Task<ScenarioResult> RunAsync(
        string scenario,
        ITransport transport,
        IReadOnlyList<string> channels,
        int subscribersPerChannel,
        Func<IReadOnlyList<string>, CancellationToken, Task<long>> plan,
        CancellationToken cancellationToken)
    {
        var recorder = new DeliveryRecorder();
        var subscriptions = new List<IAsyncDisposable>();
        try
        {
            var opening = channels.SelectMany(c => Enumerable.Repeat(c, subscribersPerChannel)).ToArray();
            await Parallel.ForEachAsync(opening, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (channel, ct) =>
            {
                var subscription = await transport.SubscribeAsync(channel, recorder.NewConnection(), ct);
                lock (subscriptions)
                {
                    subscriptions.Add(subscription);
                }
            });
            await WarmUpAsync(transport, channels, recorder, opening.Length, cancellationToken);

            var server = transport.Server;
            server.ResetPeak();
            var cpuBefore = server.CpuSeconds();
            var started = Stopwatch.GetTimestamp();
            var published = await plan(channels, cancellationToken);
            var expected = published * subscribersPerChannel;
            var lastDelivery = await recorder.WaitForDeliveriesAsync(expected, DrainQuiet, cancellationToken);
            var cpu = server.CpuSeconds() - cpuBefore;
            var peak = server.PeakMebibytes();
            var delivered = recorder.Deliveries;
            var seconds = Stopwatch.GetElapsedTime(started, lastDelivery).TotalSeconds;

            await DisposeAllAsync(subscriptions);
            return new ScenarioResult(
                scenario, transport.Name, transport.IsPeer, published, expected, delivered,
                seconds > 0 ? delivered / seconds : 0, recorder.Summarize(), server.Name, cpu, peak);
        }
        finally
        {
            await DisposeAllAsync(subscriptions);
        }
    }

    /// <summary>Publishes warm-up messages on every channel until every subscriber has had one.</summary>
    private static async Task WarmUpAsync(ITransport transport, IReadOnlyList<string> channels, DeliveryRecorder recorder, int subscribers, CancellationToken cancellationToken)
    {
        await using var publisher = await transport.ConnectPublisherAsync(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        while (recorder.SubscribersWarm < subscribers)
        {
            if (Stopwatch.GetElapsedTime(started) > WarmUpTimeout)
            {
                throw new TimeoutException($"only {recorder.SubscribersWarm} of {subscribers} subscribers received a warm-up message within {WarmUpTimeout.TotalSeconds} s");
            }

            await Parallel.ForEachAsync(channels, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (channel, ct) =>
                await publisher.PublishAsync(channel, BenchMessage.Create(channel, BenchMessage.WarmUpTimestamp), ct));
            await Task.Delay(WarmUpRepeat, cancellationToken);
        }
    }

    private static async Task DisposeAllAsync(List<IAsyncDisposable> subscriptions)
    {
        IAsyncDisposable[] all;
        lock (subscriptions)
        {
            all = [.. subscriptions];
            subscriptions.Clear();
        }

        await Parallel.ForEachAsync(all, async (subscription, _) => await subscription.DisposeAsync());
    }
}
