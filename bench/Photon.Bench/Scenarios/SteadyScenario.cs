using Photon.Bench.Transports;

namespace Photon.Bench.Scenarios;

/// <summary>Scenario 2: a steady rate to many subscribers of one channel, for latency.</summary>
internal sealed class SteadyScenario(int perSecond, int subscribers, TimeSpan duration) : IScenario
{
    public string Name => "steady";

    public bool AppliesTo(ITransport transport) => true;

    public Task<ScenarioResult> RunAsync(ITransport transport, CancellationToken cancellationToken) =>
        LoadRun.RunAsync(Name, transport, [$"bench:steady-{transport.Name}-{Environment.TickCount64}"], subscribers,
            (channels, ct) => PublishPlans.PacedAsync(transport, channels[0], perSecond, duration, ct), cancellationToken);
}
