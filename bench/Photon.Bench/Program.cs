using Photon.Bench;
using Photon.Bench.Scenarios;

// Issue 6's load generator, against the servers bench/run.sh started: every scenario over every transport, one
// table. Exits non-zero only when a run failed outright; speed is reported, never judged here.
var settings = BenchSettings.Parse(args);
await using var transports = await BenchTransports.CreateAsync(settings, CancellationToken.None);
IScenario[] scenarios = settings.Smoke
    ?
    [
        new FanOutScenario(subscribers: 5, inFlight: 8, TimeSpan.FromSeconds(1)),
        new SteadyScenario(perSecond: 200, subscribers: 5, TimeSpan.FromSeconds(1)),
        new ManyChannelsScenario(channels: 50, publishers: 5, inFlight: 4, TimeSpan.FromSeconds(1)),
        new IdleCapacityScenario(connections: 200),
    ]
    :
    [
        new FanOutScenario(subscribers: 50, inFlight: 32, TimeSpan.FromSeconds(5)),
        new SteadyScenario(perSecond: 1_000, subscribers: 50, TimeSpan.FromSeconds(10)),
        new ManyChannelsScenario(channels: 1_000, publishers: 10, inFlight: 8, TimeSpan.FromSeconds(5)),
        new IdleCapacityScenario(connections: 10_000),
    ];

// The gateway is a .NET process that has just started: its hot path still runs unoptimised code (tiered JIT) and
// its pools are empty. A production gateway runs warm, and the peers are native code, so every transport of ours
// first carries a few seconds of unmeasured load.
if (!settings.Smoke)
{
    IScenario[] warmups = [new FanOutScenario(subscribers: 10, inFlight: 16, TimeSpan.FromSeconds(3)), new ManyChannelsScenario(channels: 100, publishers: 4, inFlight: 8, TimeSpan.FromSeconds(2))];
    foreach (var transport in transports.All.Where(t => !t.IsPeer && scenarios.Any(s => s.AppliesTo(t) && settings.Runs(s.Name, t.Name))))
    {
        foreach (var warmup in warmups)
        {
            await warmup.RunAsync(transport, CancellationToken.None);
        }
    }

    Console.Error.WriteLine("# warmed up");
}

var results = new List<ScenarioResult>();
foreach (var scenario in scenarios)
{
    foreach (var transport in transports.All.Where(t => scenario.AppliesTo(t) && settings.Runs(scenario.Name, t.Name)))
    {
        var started = TimeProvider.System.GetTimestamp();
        ScenarioResult result;
        try
        {
            result = await scenario.RunAsync(transport, CancellationToken.None);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or HttpRequestException or StackExchange.Redis.RedisException or System.Net.Sockets.SocketException or Orleans.Runtime.OrleansException or InvalidOperationException)
        {
            result = ScenarioResult.Error(scenario.Name, transport.Name, transport.IsPeer, ex);
        }

        Console.Error.WriteLine($"# {scenario.Name} over {transport.Name}: {TimeProvider.System.GetElapsedTime(started).TotalSeconds:F1} s");
        results.Add(result);
    }
}

Console.Write(ResultTable.Format(results));
return results.Any(r => r.Failed) ? 1 : 0;
