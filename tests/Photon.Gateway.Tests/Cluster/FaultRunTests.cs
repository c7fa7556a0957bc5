using System.Diagnostics;
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
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "tests", "faults", "run.sh"));
        start.ArgumentList.Add("--short");
        // dotnet test built the solution (the driver, the silo and the gateway included); a Debug test run builds Release first.
        var release = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal);
        start.Environment["BUILD"] = release && File.Exists(Path.Combine(RepositoryRoot.Path, "tests", "Photon.Faults", "bin", "Release", "net10.0", "Photon.Faults.dll")) ? "0" : "1";

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM, so that run.sh's trap stops the cluster it started.
            Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            await process.WaitForExitAsync();
        }

        var lines = (await standardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        output.WriteLine(string.Join('\n', lines));
        output.WriteLine(await standardError);
        Assert.False(timeout.IsCancellationRequested, "tests/faults/run.sh --short took more than 8 minutes");
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("lost=0 duplicated=0", lines.LastOrDefault());
    }
}
