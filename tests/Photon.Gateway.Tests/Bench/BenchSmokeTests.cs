using Photon.Gateway.Tests.Cluster;
using Photon.Testing;
using Xunit.Abstractions;

namespace Photon.Gateway.Tests.Bench;

/// <summary>
/// Issue 6's benchmark builds and runs: <c>bench/run.sh --smoke</c> starts a gateway, runs every smoke scenario
/// over SSE and the daemon socket for about a second each, and prints a table row for each. Speed is not judged
/// here: it lives in the full benchmark, not in timed tests.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_smoke_benchmark_runs_every_scenario_over_sse_and_the_socket()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var run = await RepositoryScript.RunAsync(
            "bench/run.sh",
            ["--smoke"],
            RepositoryScript.BuildUnlessBuilt("bench/Photon.Bench/bin/Release/net10.0/Photon.Bench.dll", "src/Photon.Gateway/bin/Release/net10.0/Photon.Gateway.dll"),
            timeout.Token);

        output.WriteLine(run.Output);
        output.WriteLine(run.Error);
        Assert.False(run.Cancelled, "bench/run.sh --smoke took more than 3 minutes");
        Assert.Equal(0, run.ExitCode);
        var rows = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(cells => cells.Length >= 2)
            .Select(cells => $"{cells[0]} {cells[1]}")
            .ToHashSet();
        string[] expected = ["fan-out sse", "fan-out socket", "steady sse", "steady socket", "many-channels sse", "many-channels socket", "idle sse"];
        Assert.All(expected, row => Assert.Contains(row, rows));
    }
}
