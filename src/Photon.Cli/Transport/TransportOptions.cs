using System.CommandLine;

namespace Photon.Cli.Transport;

/// <summary>
/// The options every command that talks to a broker shares. Without them the transport is chosen from the
/// environment exactly as the library's registry detects it.
/// </summary>
internal sealed class TransportOptions
{
    public Option<string?> Transport { get; } = new("--transport", "-t")
    {
        Description = "Transport: http (gateway over HTTP + SSE), socket (daemon Unix socket) or redis (Redis pub/sub). Default: detected from PHOTON_* variables.",
        HelpName = "http|socket|redis",
    };

    public Option<string?> Url { get; } = new("--url", "-u")
    {
        Description = "Gateway URL (http://127.0.0.1:8080, or its /publish endpoint), or a redis:// URL. Default: PHOTON_CHANNEL_HTTP_URL / PHOTON_REDIS_URL, else http://127.0.0.1:8080.",
    };

    public Option<string?> Socket { get; } = new("--socket")
    {
        Description = "Daemon socket path, e.g. ~/.photon/daemons/kanban.sock. Default: from PHOTON_SOCKET_DIR and PHOTON_NAME.",
        HelpName = "path",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token for the gateway. Default: PHOTON_CHANNEL_AUTH_TOKEN (prefer it: arguments show in ps).",
    };

    public TransportOptions()
    {
        Transport.AcceptOnlyFromAmong(TransportNames.Http, TransportNames.Socket, TransportNames.Redis);
    }

    /// <summary>Adds the options to <paramref name="command"/>; <c>channels</c> speaks HTTP only, so it takes the URL and token alone.</summary>
    public void AddTo(Command command, bool httpOnly = false)
    {
        if (!httpOnly)
        {
            command.Add(Transport);
        }

        command.Add(Url);
        if (!httpOnly)
        {
            command.Add(Socket);
        }

        command.Add(Token);
    }

    public TransportRequest Read(ParseResult result) => new(
        result.GetValue(Transport), result.GetValue(Url), result.GetValue(Socket), result.GetValue(Token));
}

/// <summary>What the command line asked for; <see langword="null"/> where it left the choice to the environment.</summary>
internal sealed record TransportRequest(string? Transport, string? Url, string? Socket, string? Token)
{
    /// <summary>The bearer token to send: <c>--token</c>, else <c>PHOTON_CHANNEL_AUTH_TOKEN</c>, else none.</summary>
    public string? AuthToken(Func<string, string?> environment) =>
        Token ?? (environment(Photon.Channels.PhotonEnvironment.AuthToken) is { Length: > 0 } token ? token : null);
}
