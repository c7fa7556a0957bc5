using Photon.Channels;

namespace Photon.Cli;

/// <summary>Runs a command's body and turns its failures into one line on standard error and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> body)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await console.Error.WriteLineAsync($"{CliApplication.Name}: {ex.Message}").ConfigureAwait(false);
            if (PhotonEnvironment.IsSet(console.Environment(PhotonEnvironment.Debug)) && ex.InnerException is { } inner)
            {
                await console.Error.WriteLineAsync(inner.ToString()).ConfigureAwait(false);
            }

            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
    }
}
