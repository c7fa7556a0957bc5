using Photon.Faults;

// The fault and stress runs of issue 5, against the cluster tests/faults/run.sh started. One line per scenario,
// then the totals; the exit code says whether every subscriber got every message exactly once, in order.
var settings = FaultRunSettings.Parse(args, Environment.GetEnvironmentVariable);
using var run = new FaultRun(settings, new LocalClusterControl(settings.ClusterDirectory));
IScenario[] scenarios =
[
    new FaultDuringStream("kill-silo", ClusterFaults.KillChannelSiloAsync),
    new FaultDuringStream("restart-redis", ClusterFaults.RestartRedisAsync),
    new FaultDuringStream("restart-gateway", ClusterFaults.RestartGatewayAsync),
    new SlowConsumerScenario(),
    new ReconnectStormScenario(),
];

var results = new List<ScenarioResult>();
foreach (var scenario in scenarios)
{
    var started = TimeProvider.System.GetTimestamp();
    ScenarioResult result;
    try
    {
        result = await scenario.RunAsync(run);
    }
    catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or HttpRequestException or IOException or Photon.Channels.ChannelBrokerException)
    {
        result = new ScenarioResult(scenario.Name, 0, [], 0, 0, new Dictionary<long, int>(), [$"{ex.GetType().Name}: {ex.Message}"]);
    }

    Console.Error.WriteLine($"# {scenario.Name} took {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
    Console.WriteLine(result.Line);
    results.Add(result);
}

// Not hidden, and not counted as duplicated deliveries: every subscriber got each stored copy once.
Console.WriteLine($"stored_twice={results.Sum(r => r.StoredTwice)} (publishes retried after an unknown outcome and stored twice despite their idempotency keys)");
Console.WriteLine($"lost={results.Sum(r => r.Lost)} duplicated={results.Sum(r => r.Duplicated)}");
return results.All(r => r.Passed) ? 0 : 1;
