namespace Photon.Faults;

/// <summary>One fault or stress scenario against the running cluster.</summary>
internal interface IScenario
{
    string Name { get; }

    Task<ScenarioResult> RunAsync(FaultRun run);
}
