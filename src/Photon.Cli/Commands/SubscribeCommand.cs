using System.CommandLine;
using System.Threading.Channels;
using Photon.Channels;
using Photon.Cli.Output;
using Photon.Cli.Transport;

namespace Photon.Cli.Commands;

/// <summary>
/// <c>subscribe &lt;channel&gt;...</c>: a live tail of channels and patterns until Ctrl+C (exit 0), or until
/// <c>--count</c> messages. Messages go to standard output; status, gap notices and the resume hint to standard error.
/// </summary>
internal sealed class SubscribeCommand : Command
{
    // Messages the output may fall behind by before the broker's reader waits (and, past the server's queue, is cut and resumes).
    private const int BufferCapacity = 1024;
    private static readonly TimeSpan HealthCheckInterval = TimeSpan.FromSeconds(1);

    private readonly CliConsole _console;
    private readonly TransportOptions _transport = new();

    private readonly Argument<string[]> _channels = new("channel")
    {
        Description = "Channels or patterns: board:a, board:* (every channel one level under board), * (every channel).",
        Arity = ArgumentArity.OneOrMore,
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print each message as one line of JSON: exactly the message, nothing added." };

    private readonly Option<string?> _from = new("--from")
    {
        Description = "Resume after this event id (as subscribe and publish print it): what came after it is replayed, then live messages. One channel or pattern; not over redis.",
        HelpName = "id",
    };

    private readonly Option<int?> _count = new("--count", "-n") { Description = "Exit after this many messages." };

    private readonly Option<bool> _noColour = new("--no-color") { Description = "No colour, even on a terminal (NO_COLOR=1 does the same)." };

    private readonly Option<bool> _quiet = new("--quiet", "-q") { Description = "No status lines on standard error (errors and gap notices still go there)." };

    public SubscribeCommand(CliConsole console)
        : base("subscribe", "Tail channels live: colour on a terminal, JSON lines with --json; Ctrl+C stops.")
    {
        _console = console;
        Add(_channels);
        Add(_json);
        Add(_from);
        Add(_count);
        Add(_noColour);
        Add(_quiet);
        _transport.AddTo(this);
        SetAction((result, cancellationToken) => CommandRunner.RunAsync(console, () => RunAsync(result, cancellationToken)));
    }

    private async Task<int> RunAsync(ParseResult result, CancellationToken cancellationToken)
    {
        var patterns = ParsePatterns(result.GetRequiredValue(_channels));
        var from = result.GetValue(_from);
        var count = result.GetValue(_count);
        if (count is <= 0)
        {
            throw CliException.Usage("--count must be at least 1");
        }

        var selected = new BrokerSelector(_console.Environment).Select(_transport.Read(result));
        CheckResume(from, patterns, selected.Transport);

        var json = result.GetValue(_json);
        var quiet = result.GetValue(_quiet);
        var noColour = result.GetValue(_noColour);
        var ansi = new Ansi(!json && _console.UseColour(_console.OutputIsTerminal, noColour));
        var errorAnsi = new Ansi(_console.UseColour(_console.ErrorIsTerminal, noColour));
        var buffer = Channel.CreateBounded<ChannelMessage>(new BoundedChannelOptions(BufferCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var options = new ChannelSubscribeOptions
        {
            LastEventId = from,
            OnGap = gap => _console.Error.WriteLine(MessageFormatter.Gap(gap, errorAnsi)),
        };

        await using (selected.ConfigureAwait(false))
        {
            var subscriptions = new List<IChannelSubscription>();
            try
            {
                for (var i = 0; i < patterns.Count; i++)
                {
                    subscriptions.Add(await SubscribeAsync(selected, patterns, i, buffer.Writer, options, cancellationToken).ConfigureAwait(false));
                }

                if (!quiet)
                {
                    await _console.Error.WriteLineAsync(errorAnsi.Dim(
                        $"subscribed to {string.Join(", ", patterns)} over {selected.DescribeSubscribe()}{(from is null ? string.Empty : $", from {from}")}; Ctrl+C to stop")).ConfigureAwait(false);
                }

                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var watching = WatchAsync(selected, subscriptions, buffer.Writer, errorAnsi, quiet, stopping.Token);
                var lastEventId = from;
                var printed = 0;
                try
                {
                    await foreach (var message in buffer.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                    {
                        await _console.Out.WriteLineAsync(json ? MessageFormatter.Json(message) : MessageFormatter.Human(message, ansi)).ConfigureAwait(false);
                        await _console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                        lastEventId = message.EventId ?? lastEventId;
                        if (++printed == count)
                        {
                            break;
                        }
                    }
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Ctrl+C: a clean end.
                }
                finally
                {
                    await stopping.CancelAsync().ConfigureAwait(false);
                    await watching.ConfigureAwait(false);
                }

                if (!quiet && patterns.Count == 1 && lastEventId is not null && selected.Transport != TransportNames.Redis)
                {
                    await _console.Error.WriteLineAsync(errorAnsi.Dim($"to resume: {CliApplication.Name} subscribe {patterns[0]} --from '{lastEventId}'")).ConfigureAwait(false);
                }

                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C before the tail was up (while a stream was still opening) is as clean an end as after.
                return ExitCodes.Success;
            }
            finally
            {
                foreach (var subscription in subscriptions)
                {
                    await subscription.DisposeAsync().ConfigureAwait(false);
                }
            }
        }
    }

    private static List<ChannelPattern> ParsePatterns(string[] values)
    {
        var patterns = new List<ChannelPattern>();
        foreach (var value in values)
        {
            if (!ChannelPattern.TryParse(value, out var pattern, out var error))
            {
                throw CliException.Invalid($"invalid channel or pattern '{value}': {error}");
            }

            if (!patterns.Contains(pattern))
            {
                patterns.Add(pattern);
            }
        }

        return patterns;
    }

    /// <summary>Refuses a <c>--from</c> the transport cannot honour, before anything is opened.</summary>
    private static void CheckResume(string? from, List<ChannelPattern> patterns, string transport)
    {
        if (from is null)
        {
            return;
        }

        if (patterns.Count != 1)
        {
            throw CliException.Usage("--from resumes one channel or pattern (event ids are per channel); give just one");
        }

        if (transport == TransportNames.Redis)
        {
            throw CliException.Usage("Redis pub/sub keeps no history, so --from cannot resume over redis; use --transport http or socket");
        }

        if (patterns[0].IsWildcard && transport == TransportNames.Socket)
        {
            throw CliException.Usage("the daemon socket resumes exact channels only; use --transport http to resume a pattern");
        }

        if (!patterns[0].IsWildcard && !ChannelPosition.TryParse(from, out _))
        {
            throw CliException.Invalid($"--from '{from}' is not an event id: expected <epoch>-<sequence>, e.g. 3f9c01b2e7-17, as subscribe and publish print it");
        }
    }

    /// <summary>
    /// Subscribes <paramref name="patterns"/>[<paramref name="index"/>]. A message that several of the patterns match
    /// (<c>board:*</c> and <c>board:a</c>) reaches each of their subscriptions; only the first pattern's prints it.
    /// </summary>
    private static async Task<IChannelSubscription> SubscribeAsync(
        SelectedBroker selected, List<ChannelPattern> patterns, int index, ChannelWriter<ChannelMessage> output, ChannelSubscribeOptions options, CancellationToken cancellationToken)
    {
        var pattern = patterns[index];
        try
        {
            return await selected.Broker.SubscribeAsync(
                pattern.Value,
                (message, ct) => patterns.FindIndex(p => p.Matches(message.Channel)) is var first && first >= 0 && first != index
                    ? ValueTask.CompletedTask
                    : output.WriteAsync(message, ct),
                options,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Failures.IsBrokerFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw Failures.FromBroker(ex, $"subscribing to {pattern}", selected.DescribeSubscribe());
        }
    }

    /// <summary>
    /// Says when the connection drops and comes back (the brokers reconnect and resume by themselves), and ends the
    /// tail when a subscription is gone for good (the server refused it on a reconnect).
    /// </summary>
    private async Task WatchAsync(
        SelectedBroker selected, List<IChannelSubscription> subscriptions, ChannelWriter<ChannelMessage> output, Ansi ansi, bool quiet, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(HealthCheckInterval);
        var connected = true;
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                if (subscriptions.FirstOrDefault(s => !s.IsActive) is { } ended)
                {
                    output.TryComplete(new CliException(ExitCodes.Refused, $"the subscription to {ended.Channel} over {selected.DescribeSubscribe()} ended: the server no longer accepts it (PHOTON_DEBUG=1 shows why)"));
                    return;
                }

                if (connected != selected.Broker.IsConnected && !quiet)
                {
                    connected = !connected;
                    await _console.Error.WriteLineAsync(ansi.Yellow(connected
                        ? $"reconnected to {selected.DescribeSubscribe()}"
                        : $"lost the connection to {selected.DescribeSubscribe()}; reconnecting, and resuming where it stopped")).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
