using System.CommandLine;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Wire;
using Photon.Cli.Transport;

namespace Photon.Cli.Commands;

/// <summary><c>publish &lt;channel&gt; &lt;event&gt; [json]</c>: one message, through the selected broker; prints where it landed.</summary>
internal sealed class PublishCommand : Command
{
    private readonly CliConsole _console;
    private readonly TransportOptions _transport = new();

    private readonly Argument<string> _channel = new("channel") { Description = "The channel, e.g. board:my-board (no wildcards)." };

    private readonly Argument<string> _event = new("event") { Description = "The event name, e.g. task-moved." };

    private readonly Argument<string?> _data = new("json")
    {
        Description = "The data: any JSON value, quoted for the shell ('{\"taskId\":\"1\"}', 42, '\"text\"'); - reads it from standard input; omitted: no data.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private readonly Option<string?> _source = new("--source") { Description = "The message's source (who sent it). Default: none (the socket transport fills in the daemon name)." };

    private readonly Option<bool> _json = new("--json") { Description = "Print the receipt as JSON: {\"channel\":...,\"id\":...,\"published\":true}." };

    public PublishCommand(CliConsole console)
        : base("publish", "Publish one message to a channel and print its position.")
    {
        _console = console;
        Add(_channel);
        Add(_event);
        Add(_data);
        Add(_source);
        Add(_json);
        _transport.AddTo(this);
        SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, () => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var channel = result.GetRequiredValue(_channel);
        if (ChannelName.Validate(channel) is { } channelError)
        {
            throw CliException.Invalid($"invalid channel '{channel}': {channelError}");
        }

        var eventName = result.GetRequiredValue(_event);
        if (EventName.Validate(eventName) is { } eventError)
        {
            throw CliException.Invalid($"invalid event '{eventName}': {eventError}");
        }

        var message = new ChannelMessage
        {
            Channel = channel,
            Event = eventName,
            Data = await ReadDataAsync(result.GetValue(_data), cancellationToken).ConfigureAwait(false),
            Source = result.GetValue(_source),
        };

        var selected = new BrokerSelector(_console.Environment).Select(_transport.Read(result), channel);
        await using (selected.ConfigureAwait(false))
        {
            ChannelPosition? position;
            try
            {
                position = await selected.Broker.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (Failures.IsBrokerFailure(ex) && !cancellationToken.IsCancellationRequested)
            {
                throw Failures.FromBroker(ex, $"publishing to {channel}", selected.DescribePublish());
            }

            await _console.Out.WriteLineAsync(result.GetValue(_json)
                ? JsonSerializer.Serialize(new PublishReceipt(channel, position?.ToString()!), PhotonJsonContext.Wire.PublishReceipt)
                : position is { } p ? $"published {channel} {p}" : $"published {channel} (the {selected.Transport} transport assigns no position)").ConfigureAwait(false);
            return ExitCodes.Success;
        }
    }

    /// <summary>The data argument as JSON, kept as written (the gateway passes it on byte for byte).</summary>
    private async Task<JsonElement> ReadDataAsync(string? text, CancellationToken cancellationToken)
    {
        if (text is null)
        {
            return default;
        }

        var fromInput = text == "-";
        if (fromInput)
        {
            text = await _console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw CliException.Invalid($"invalid JSON for the data{(fromInput ? " (from standard input)" : string.Empty)}: {ex.Message}");
        }
    }
}
