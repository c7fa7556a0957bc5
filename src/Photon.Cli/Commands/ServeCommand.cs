using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;
using Photon.Gateway.Hosting;

namespace Photon.Cli.Commands;

/// <summary>
/// <c>serve</c>: the gateway in this process, built exactly as <c>Photon.Gateway</c>'s <c>Program.cs</c> builds it,
/// configured by the same variables and settings. Arguments it does not know go to the host as configuration
/// (<c>--Photon:Daemon:Names=kanban</c>).
/// </summary>
internal sealed class ServeCommand : Command
{
    private readonly Option<string?> _urls = new("--urls")
    {
        Description = "Addresses to listen on, ';'-separated. Default: http://127.0.0.1:8080 (or Urls / ASPNETCORE_URLS).",
    };

    public ServeCommand()
        : base("serve", "Run the gateway (HTTP + SSE, daemon sockets, Redis bridge, with an embedded silo unless PHOTON_CLUSTER_MODE=Client). Ctrl+C stops it gracefully.")
    {
        Add(_urls);

        // Everything else is host configuration, as for the gateway itself.
        TreatUnmatchedTokensAsErrors = false;
        SetAction(RunAsync);
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var args = new List<string>();
        if (result.GetValue(_urls) is { } urls)
        {
            args.Add("--urls");
            args.Add(urls);
        }

        args.AddRange(result.UnmatchedTokens);
        try
        {
            // The tool's own directory holds the gateway's appsettings.json; the working directory is the user's.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args], ContentRootPath = AppContext.BaseDirectory });
            builder.AddPhotonGateway();
            var app = builder.Build();
            app.MapPhotonGateway();

            // The web host handles Ctrl+C and SIGTERM itself (graceful shutdown), so RunAsync returns when it has stopped.
            await app.RunAsync().ConfigureAwait(false);
            return ExitCodes.Success;
        }
        catch (Exception ex) when (ex is IOException or OptionsValidationException or InvalidOperationException or FormatException)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"{CliApplication.Name}: the gateway failed to start: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
    }
}
