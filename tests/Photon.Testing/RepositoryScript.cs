using System.Diagnostics;
using System.Globalization;

namespace Photon.Testing;

/// <summary>Runs one of the repository's bash scripts (<c>deploy/local-cluster.sh</c>, <c>tests/faults/run.sh</c>) and collects what it printed.</summary>
public static class RepositoryScript
{
    /// <summary>
    /// The environment for a script that builds what it runs: <c>BUILD=0</c> (use what is built) in a Release test
    /// run where every one of <paramref name="outputs"/> (paths from the repository root) exists, since the test
    /// command builds the whole solution first; otherwise <c>BUILD=1</c> (a Debug run builds Release first).
    /// </summary>
    public static Dictionary<string, string> BuildUnlessBuilt(params string[] outputs)
    {
        var release = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal);
        var built = release && outputs.All(output => File.Exists(Path.Combine(RepositoryRoot.Path, output)));
        return new Dictionary<string, string> { ["BUILD"] = built ? "0" : "1" };
    }

    /// <summary>
    /// Runs <paramref name="path"/> (relative to the repository root) with <paramref name="arguments"/> and
    /// <paramref name="environment"/> added to this process's. When <paramref name="cancellationToken"/> fires the
    /// script gets SIGTERM, so that its traps stop what it started, and this waits for it to end.
    /// </summary>
    public static async Task<ScriptResult> RunAsync(
        string path, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, path));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var cancelled = false;
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            cancelled = true;
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync(CancellationToken.None);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        return new ScriptResult(process.ExitCode, await output, await error, cancelled);
    }
}

/// <summary>How a script ended and what it printed.</summary>
public sealed record ScriptResult(int ExitCode, string Output, string Error, bool Cancelled);
