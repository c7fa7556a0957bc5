using Photon.Testing;
using Xunit.Abstractions;

namespace Photon.Gateway.Tests.Cluster;

/// <summary>
/// Issue 5's fault and stress runs, short sizes: <c>tests/faults/run.sh --short</c> starts its own cluster
/// (silo killed, Redis and a gateway restarted mid-stream, a never-reader, reconnect storms) and must find
/// every message delivered exactly once, in order, to every subscriber.
/// </summary>
[Trait("Category", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class FaultRunTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_short_fault_run_loses_and_duplicates_nothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var result = await RepositoryScript.RunAsync(
            "tests/faults/run.sh",
            ["--short"],
            RepositoryScript.BuildUnlessBuilt("tests/Photon.Faults/bin/Release/net10.0/Photon.Faults.dll", "src/Photon.Silo/bin/Release/net10.0/Photon.Silo.dll"),
            timeout.Token);

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine(result.Output);
        output.WriteLine(result.Error);
        Assert.False(result.Cancelled, "tests/faults/run.sh --short took more than 8 minutes");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("lost=0 duplicated=0", lines.LastOrDefault());
    }
}
