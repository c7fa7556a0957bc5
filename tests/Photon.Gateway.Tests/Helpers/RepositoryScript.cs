using System.Diagnostics;
using System.Globalization;
using Photon.Testing;

namespace Photon.Gateway.Tests.Helpers;

/// <summary>
/// Runs one of the repository's scripts that start their own servers (<c>tests/faults/run.sh</c>,
/// <c>bench/run.sh</c>) with bash, and collects what it printed.
/// </summary>
public static class RepositoryScript
{
    /// <summary>
    /// Runs <paramref name="relativePath"/> with <paramref name="arguments"/>. It may skip its own build
    /// (<c>BUILD=0</c>) when this is a Release test run and <paramref name="builtOutputs"/> all exist: dotnet test
    /// built the solution. Past <paramref name="timeout"/> the script gets SIGTERM, so that its trap stops the
    /// processes it started.
    /// </summary>
    public static async Task<ScriptRun> RunAsync(string relativePath, IEnumerable<string> arguments, IEnumerable<string> builtOutputs, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot.Path, relativePath));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A Debug test run builds Release first.
        var release = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal);
        start.Environment["BUILD"] = release && builtOutputs.All(o => File.Exists(Path.Combine(RepositoryRoot.Path, o))) ? "0" : "1";

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)])!.WaitForExit();
            await process.WaitForExitAsync();
        }

        return new ScriptRun(
            process.ExitCode,
            (await standardOutput).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            await standardError,
            deadline.IsCancellationRequested);
    }
}

/// <summary>What a script run by <see cref="RepositoryScript"/> did.</summary>
/// <param name="ExitCode">Its exit code.</param>
/// <param name="OutputLines">Its standard output, line by line, blank lines left out.</param>
/// <param name="StandardError">Its standard error.</param>
/// <param name="TimedOut">Whether it had to be stopped.</param>
public sealed record ScriptRun(int ExitCode, string[] OutputLines, string StandardError, bool TimedOut);
