namespace Photon.Cli.Tests.Helpers;

/// <summary>
/// <c>photon-channels</c> run through its entry point inside the test process: the same command tree and code as
/// the tool, without a process start, for the tests that check output formatting.
/// </summary>
public static class InProcessCli
{
    /// <param name="environment">The whole environment the command sees (nothing of the test process leaks in).</param>
    /// <param name="outputIsTerminal">Pretend standard output is a terminal (colour).</param>
    public static async Task<CliResult> RunAsync(
        IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, bool outputIsTerminal = false, CancellationToken cancellationToken = default)
    {
        var values = new Dictionary<string, string?>(environment ?? new Dictionary<string, string?>())
        {
            ["PHOTON_SOCKET_DIR"] = environment?.GetValueOrDefault("PHOTON_SOCKET_DIR") ?? Path.Combine(Path.GetTempPath(), "photon-cli-none"),
        };
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var console = new CliConsole(output, error, TextReader.Null, name => values.GetValueOrDefault(name), outputIsTerminal, ErrorIsTerminal: false);
        var exitCode = await CliApplication.RunAsync([.. args], console, handleSignals: false, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
