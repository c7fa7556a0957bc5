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
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, "deploy", "local-cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["BUILD"] = "0";
        start.Environment["PHOTON_CLUSTER_DIR"] = directory;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"local-cluster.sh {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output}{await error}");
        }
    }
}
