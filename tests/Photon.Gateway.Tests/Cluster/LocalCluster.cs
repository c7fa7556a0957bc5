using System.Diagnostics;
using System.Globalization;
using Photon.Testing;

namespace Photon.Gateway.Tests.Cluster;

/// <summary>The multi-process cluster of <c>deploy/local-cluster.sh</c>, on free loopback ports, for one test.</summary>
internal sealed class LocalCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string> _environment;

    private LocalCluster(Dictionary<string, string> environment, int httpBase, int gateways)
    {
        _environment = environment;
        Gateways = [.. Enumerable.Range(0, gateways).Select(i => new Uri($"http://127.0.0.1:{httpBase + i}"))];
    }

    public IReadOnlyList<Uri> Gateways { get; }

    public string Directory => _environment["PHOTON_CLUSTER_DIR"];

    /// <summary>Whether to leave the logs for a look after the test (set when it fails).</summary>
    public bool KeepLogs { get; set; }

    public static async Task<LocalCluster> StartAsync(int silos, int gateways)
    {
        // Consecutive ports from a free one: the script numbers silos and gateways from a base.
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var built = File.Exists(Path.Combine(RepositoryRoot.Path, "src", "Photon.Silo", "bin", configuration, "net10.0", "Photon.Silo.dll"));
        var httpBase = FreePort.Block(gateways);
        var environment = new Dictionary<string, string>
        {
            ["PHOTON_CLUSTER_DIR"] = Path.Combine(Path.GetTempPath(), $"photon-cluster-{Guid.NewGuid():N}"[..24]),
            ["REDIS_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["HTTP_BASE_PORT"] = httpBase.ToString(CultureInfo.InvariantCulture),
            ["SILO_BASE_PORT"] = FreePort.Block(silos).ToString(CultureInfo.InvariantCulture),
            ["GATEWAY_BASE_PORT"] = FreePort.Block(silos).ToString(CultureInfo.InvariantCulture),
            ["PHOTON_CLUSTER_ID"] = $"test-{Guid.NewGuid():N}",
            ["CONFIGURATION"] = configuration,
            ["BUILD"] = built ? "0" : "1",
        };
        var cluster = new LocalCluster(environment, httpBase, gateways);
        var (exitCode, output) = await cluster.RunScriptAsync("start", silos.ToString(CultureInfo.InvariantCulture), gateways.ToString(CultureInfo.InvariantCulture));
        if (exitCode != 0)
        {
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"deploy/local-cluster.sh start failed ({exitCode}): {output}");
        }

        return cluster;
    }

    /// <summary>Kills a process of the cluster the hard way (SIGKILL), as a crash would.</summary>
    public void Kill(string name)
    {
        using var process = Process.GetProcessById(Pid(name));
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Stops a process of the cluster (SIGSTOP): it keeps its connections open and answers nothing, as a hung host would.</summary>
    public async Task FreezeAsync(string name)
    {
        using var kill = Process.Start("kill", ["-STOP", Pid(name).ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -STOP {name} failed ({kill.ExitCode})");
        }
    }

    private int Pid(string name) => int.Parse(File.ReadAllText(Path.Combine(Directory, name + ".pid")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Starts silo <paramref name="index"/> again and waits until it is Active; returns how long that took.</summary>
    public async Task<TimeSpan> RestartSiloAsync(int index)
    {
        var started = Stopwatch.GetTimestamp();
        var (exitCode, output) = await RunScriptAsync("start-silo", index.ToString(CultureInfo.InvariantCulture));
        return exitCode == 0 ? Stopwatch.GetElapsedTime(started) : throw new InvalidOperationException($"restarting silo {index} failed: {output}");
    }

    public async ValueTask DisposeAsync()
    {
        await RunScriptAsync("stop");
        if (!KeepLogs)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private async Task<(int ExitCode, string Output)> RunScriptAsync(params string[] arguments)
    {
        var result = await RepositoryScript.RunAsync(Path.Combine("deploy", "local-cluster.sh"), arguments, _environment);
        return (result.ExitCode, result.Output + result.Error);
    }
}
