using Photon.Bench.Measuring;

namespace Photon.Bench.Scenarios;

/// <summary>One row of the table: a scenario run over one transport.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    string Transport,
    bool IsPeer,
    long Published,
    long Expected,
    long Delivered,
    double DeliveriesPerSecond,
    LatencySummary Latency,
    string Server,
    double CpuSeconds,
    double PeakMebibytes,
    string Note = "")
{
    public long Lost => Math.Max(0, Expected - Delivered);

    /// <summary>The gateway's resident memory per idle subscriber, for the idle-capacity scenario.</summary>
    public double? KibibytesPerConnection { get; init; }

    public bool Failed { get; init; }

    public static ScenarioResult Error(string scenario, string transport, bool isPeer, Exception error) =>
        new(scenario, transport, isPeer, 0, 0, 0, 0, new LatencySummary(double.NaN, double.NaN, double.NaN), "", 0, 0,
            $"error: {error.GetType().Name}: {error.Message.ReplaceLineEndings(" ")}")
        {
            Failed = true,
        };
}
