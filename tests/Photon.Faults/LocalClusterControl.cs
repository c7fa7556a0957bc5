using System.Diagnostics;
using System.Globalization;
using Photon.Testing;

namespace Photon.Faults;

/// <summary>
/// The cluster <c>deploy/local-cluster.sh</c> started (its settings come from the same environment): kills
/// its processes the hard way and starts them again through the script.
/// </summary>
internal sealed class LocalClusterControl(string directory)
{
    public string Directory => directory;

    /// <summary>The process id of <paramref name="name"/> (<c>redis</c>, <c>silo-0</c>, <c>gateway-1</c>), if it has one.</summary>
    public int? Pid(string name)
    {
        var file = Path.Combine(directory, name + ".pid");
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    /// <summary>SIGKILL, as a crash would; returns once the process is gone.</summary>
    public void Kill(string name)
    {
        var pid = Pid(name) ?? throw new InvalidOperationException($"{name} has no pid file in {directory}");
        using var process = Process.GetProcessById(pid);
        process.Kill();
        process.WaitForExit();
    }

    /// <summary>Runs <c>deploy/local-cluster.sh</c> with <paramref name="arguments"/> (<c>start-silo 0</c>, ...), which waits until what it starts is ready.</summary>
    public async Task RunAsync(params string[] arguments)
    {
        var result = await RepositoryScript.RunAsync(
            Path.Combine("deploy", "local-cluster.sh"),
            arguments,
            new Dictionary<string, string> { ["BUILD"] = "0", ["PHOTON_CLUSTER_DIR"] = directory });
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.Output}{result.Error}");
        }
    }
}
