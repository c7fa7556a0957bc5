using Photon.Bench.Transports;

namespace Photon.Bench.Scenarios;

/// <summary>Scenario 3: many channels with one subscriber each, several publishers sharing the channels out.</summary>
internal sealed class ManyChannelsScenario(int channels, int publishers, int inFlight, TimeSpan duration) : IScenario
{
    public string Name => "many-channels";

    public bool AppliesTo(ITransport transport) => true;

    public Task<ScenarioResult> RunAsync(ITransport transport, CancellationToken cancellationToken)
    {
        var run = Environment.TickCount64;
        var names = Enumerable.Range(0, channels).Select(i => $"bench:many-{transport.Name}-{run}-{i}").ToArray();
        return LoadRun.RunAsync(Name, transport, names, subscribersPerChannel: 1,
            (all, ct) => PublishPlans.FloodAsync(transport, all, publishers, inFlight, duration, ct), cancellationToken);
    }
}
