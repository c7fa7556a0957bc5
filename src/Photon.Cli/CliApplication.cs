using System.CommandLine;
using Photon.Cli.Commands;

namespace Photon.Cli;

/// <summary>The <c>photon-channels</c> command tree, and how a command line is run against it.</summary>
internal static class CliApplication
{
    public const string Name = "photon-channels";

    public static RootCommand CreateRootCommand(CliConsole console) =>
        new("Photon Channels: run the gateway, publish to and tail channels over HTTP + SSE, the daemon socket or Redis, list active channels.")
        {
            new ServeCommand(),
            new PublishCommand(console),
            new SubscribeCommand(console),
            new ChannelsCommand(console),
        };

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code (<see cref="ExitCodes"/>).</summary>
    /// <param name="handleSignals">
    /// Whether Ctrl+C and SIGTERM cancel the running command (the process does; in-process tests cancel through
    /// <paramref name="cancellationToken"/> instead).
    /// </param>
    public static async Task<int> RunAsync(string[] args, CliConsole console, bool handleSignals, CancellationToken cancellationToken = default)
    {
        var result = CreateRootCommand(console).Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                await console.Error.WriteLineAsync($"{Name}: {error.Message}").ConfigureAwait(false);
            }

            var command = result.CommandResult.Command is RootCommand ? Name : $"{Name} {result.CommandResult.Command.Name}";
            await console.Error.WriteLineAsync($"Run '{command} --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,

            // serve leaves signals to the web host, whose graceful stop (SSE notices, the silo leaving) takes longer
            // than System.CommandLine would wait before ending the process.
            ProcessTerminationTimeout = handleSignals && result.CommandResult.Command is not ServeCommand ? TimeSpan.FromSeconds(5) : null,
        };
        return await result.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }
}
