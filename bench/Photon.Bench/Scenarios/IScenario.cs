using Photon.Bench.Transports;

namespace Photon.Bench.Scenarios;

/// <summary>A load shape, run once over each transport it applies to.</summary>
internal interface IScenario
{
    string Name { get; }

    bool AppliesTo(ITransport transport);

    Task<ScenarioResult> RunAsync(ITransport transport, CancellationToken cancellationToken);
}
