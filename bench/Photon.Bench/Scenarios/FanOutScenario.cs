using Photon.Bench.Transports;

namespace Photon.Bench.Scenarios;

/// <summary>Scenario 1: one publisher, one channel, many subscribers, as fast as the server accepts publishes.</summary>
internal sealed class FanOutScenario(int subscribers, int inFlight, TimeSpan duration) : IScenario
{
    public string Name => "fan-out";

    public bool AppliesTo(ITransport transport) => true;

    public Task<ScenarioResult> RunAsync(ITransport transport, CancellationToken cancellationToken) =>
        LoadRun.RunAsync(Name, transport, [$"bench:fanout-{transport.Name}-{Environment.TickCount64}"], subscribers,
            (channels, ct) => PublishPlans.FloodAsync(transport, channels, publishers: 1, inFlight, duration, ct), cancellationToken);
}
