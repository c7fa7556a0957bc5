using Photon.Bench.Measuring;
using Photon.Bench.Transports;

namespace Photon.Bench.Scenarios;

/// <summary>
/// Scenario 4: many SSE subscribers that receive nothing; the gateway's resident memory per connection, as
/// (RSS with them - RSS before) / N. They share one channel, so the cost measured is the connection's, not a grain's.
/// </summary>
internal sealed class IdleCapacityScenario(int connections) : IScenario
{
    /// <summary>Time for the gateway to finish setting the streams up before its memory is read.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public string Name => "idle";

    public bool AppliesTo(ITransport transport) => transport is GatewaySseTransport;

    public async Task<ScenarioResult> RunAsync(ITransport transport, CancellationToken cancellationToken)
    {
        var sse = (GatewaySseTransport)transport;
        var server = transport.Server;
        var channel = $"bench:idle-{Environment.TickCount64}";
        var scanner = new LatencyScanner();
        var subscriptions = new List<IAsyncDisposable>(connections);
        server.ResetPeak();
        var cpuBefore = server.CpuSeconds();
        var before = server.ResidentMebibytes();
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, connections), new ParallelOptions { MaxDegreeOfParallelism = 64, CancellationToken = cancellationToken }, async (_, ct) =>
            {
                var subscription = await sse.SubscribeAsync(channel, scanner, read: false, ct);
                lock (subscriptions)
                {
                    subscriptions.Add(subscription);
                }
            });
            await Task.Delay(Settle, cancellationToken);
            var after = server.ResidentMebibytes();
            var perConnection = (after - before) * 1024 / connections;
            return new ScenarioResult(Name, transport.Name, transport.IsPeer, 0, 0, 0, 0, new LatencySummary(double.NaN, double.NaN, double.NaN),
                server.Name, server.CpuSeconds() - cpuBefore, server.PeakMebibytes(),
                $"{connections} connections: RSS {before:F0} -> {after:F0} MiB, {perConnection:F1} KiB each")
            {
                KibibytesPerConnection = perConnection,
            };
        }
        finally
        {
            await Parallel.ForEachAsync(subscriptions, async (subscription, _) => await subscription.DisposeAsync());
        }
    }
}
