namespace Photon.Cli;

/// <summary>
/// Where a command reads and writes, and what it knows of the process around it. The process's own streams and
/// environment in <c>Program.cs</c>; tests that run a command in-process pass their own.
/// </summary>
/// <param name="Out">Standard output: the data (messages, receipts, tables).</param>
/// <param name="Error">Standard error: errors, status and gap notices, so that piping the output keeps it clean.</param>
/// <param name="In">Standard input: <c>publish</c> reads the payload from it when given <c>-</c>.</param>
/// <param name="Environment">Reads an environment variable.</param>
/// <param name="OutputIsTerminal">Whether standard output is a terminal (colour is only ever written to one).</param>
/// <param name="ErrorIsTerminal">Whether standard error is a terminal.</param>
internal sealed record CliConsole(
    TextWriter Out,
    TextWriter Error,
    TextReader In,
    Func<string, string?> Environment,
    bool OutputIsTerminal,
    bool ErrorIsTerminal)
{
    /// <summary>The process's streams and environment.</summary>
    public static CliConsole FromProcess() => new(
        Console.Out,
        Console.Error,
        Console.In,
        System.Environment.GetEnvironmentVariable,
        !Console.IsOutputRedirected,
        !Console.IsErrorRedirected);

    /// <summary>
    /// Whether to colour text for a stream: only on a terminal, and never when <c>NO_COLOR</c> is set to anything
    /// non-empty (no-color.org), <c>TERM=dumb</c>, or <c>--no-color</c> was given.
    /// </summary>
    public bool UseColour(bool isTerminal, bool noColourOption) =>
        isTerminal
        && !noColourOption
        && string.IsNullOrEmpty(Environment("NO_COLOR"))
        && Environment("TERM") != "dumb";
}
