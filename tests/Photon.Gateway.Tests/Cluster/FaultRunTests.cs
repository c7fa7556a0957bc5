using Photon.Gateway.Tests.Helpers;
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
        // dotnet test built the solution: the driver, the silo and the gateway included.
        var run = await RepositoryScript.RunAsync(
            "tests/faults/run.sh", ["--short"], ["tests/Photon.Faults/bin/Release/net10.0/Photon.Faults.dll"], TimeSpan.FromMinutes(8));

        output.WriteLine(string.Join('\n', run.OutputLines));
        output.WriteLine(run.StandardError);
        Assert.False(run.TimedOut, "tests/faults/run.sh --short took more than 8 minutes");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("lost=0 duplicated=0", run.OutputLines.LastOrDefault());
    }
}
