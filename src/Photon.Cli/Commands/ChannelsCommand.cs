using System.CommandLine;
using Photon.Channels;
using Photon.Cli.Output;
using Photon.Cli.Statistics;
using Photon.Cli.Transport;

namespace Photon.Cli.Commands;

/// <summary><c>channels [pattern]</c>: the gateway's active channels with subscribers per transport and rates (<c>GET /channels</c>).</summary>
internal sealed class ChannelsCommand : Command
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly CliConsole _console;
    private readonly TransportOptions _transport = new();

    private readonly Argument<string?> _pattern = new("pattern")
    {
        Description = "Only channels matching this: board:a, board:*, * (default: all).",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print the gateway's JSON answer as it is." };

    private readonly Option<bool> _noColour = new("--no-color") { Description = "No colour, even on a terminal." };

    public ChannelsCommand(CliConsole console)
        : base("channels", "List the gateway's active channels: subscribers per transport, messages published, messages/s, head position.")
    {
        _console = console;
        Add(_pattern);
        Add(_json);
        Add(_noColour);
        _transport.AddTo(this, httpOnly: true);
        SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, () => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        ChannelPattern? pattern = null;
        if (result.GetValue(_pattern) is { } text)
        {
            pattern = ChannelPattern.TryParse(text, out var parsed, out var error)
                ? parsed
                : throw CliException.Invalid($"invalid channel or pattern '{text}': {error}");
        }

        var request = _transport.Read(result);
        // The gateway the HTTP broker would use: --url, else PHOTON_CHANNEL_HTTP_URL, else the local default.
        var endpoints = GatewayEndpoints.Resolve(request.Url, _console.Environment);
        var token = request.AuthToken(_console.Environment);
        var (listing, body) = await new ChannelsClient(endpoints.ChannelsFor(pattern), token, Timeout).GetAsync(cancellationToken).ConfigureAwait(false);
        await _console.Out.WriteLineAsync(result.GetValue(_json)
            ? body.Trim()
            : ChannelTable.Format(listing.Channels!, new Ansi(_console.UseColour(_console.OutputIsTerminal, result.GetValue(_noColour))))).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
