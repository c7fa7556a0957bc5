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
        // dotnet test ran after the whole solution was built (the driver, the silo and the gateway included); a Debug run builds Release first.
        var release = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal);
        var built = release && File.Exists(Path.Combine(RepositoryRoot.Path, "tests", "Photon.Faults", "bin", "Release", "net10.0", "Photon.Faults.dll"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var result = await RepositoryScript.RunAsync(
            Path.Combine("tests", "faults", "run.sh"), ["--short"], new Dictionary<string, string> { ["BUILD"] = built ? "0" : "1" }, timeout.Token);

        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine(result.Output);
        output.WriteLine(result.Error);
        Assert.False(result.Cancelled, "tests/faults/run.sh --short took more than 8 minutes");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("lost=0 duplicated=0", lines.LastOrDefault());
    }
}
