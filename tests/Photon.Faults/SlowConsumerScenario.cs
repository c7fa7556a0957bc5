using Photon.Testing;

namespace Photon.Faults;

/// <summary>
/// A long stream while one event-stream client and one socket client never read: the gateway must disconnect
/// both as slow consumers and stay within its per-connection queue bounds, while healthy readers on the same
/// gateway get every message exactly once, in order.
/// </summary>
internal sealed class SlowConsumerScenario : IScenario
{
    private const int Gateway = 0;

    public string Name => "never-reader";

    public async Task<ScenarioResult> RunAsync(FaultRun run)
    {
        var settings = run.Settings;
        var channel = run.Channel(Name);
        await using var subscribers = new SubscriberSet();
        await subscribers.AddBrokerAsync($"http-broker@gateway-{Gateway}", run.HttpBroker(Gateway), channel);
        await subscribers.AddBrokerAsync($"daemon-broker@gateway-{Gateway}", run.DaemonBroker(Gateway), channel);
        subscribers.AddReader(run.Reader("sse-reader", channel, Gateway));
        await subscribers.WaitUntilReadersStartedAsync(TimeSpan.FromSeconds(60));

        using var neverSse = await NeverReadingClient.OpenEventStreamAsync(settings.GatewayUrls[Gateway], channel);
        using var neverSocket = await NeverReadingClient.OpenDaemonAsync(Path.Combine(settings.SocketDirectory(Gateway), "unknown.sock"), channel);
        NeverReadingClient[] neverReaders = [neverSse, neverSocket];

        await using var publisher = run.Publisher(channel, settings.NeverReaderPadBytes);
        await using var memory = run.MonitorMemory();
        var problems = new List<string>();
        await publisher.PublishAsync(settings.NeverReaderMessages, perSecond: null, CancellationToken.None);
        if (!await subscribers.WaitUntilCompleteAsync(publisher.Acknowledged, settings.CatchUpTimeout))
        {
            problems.Add($"not every healthy reader caught up within {settings.CatchUpTimeout.TotalSeconds:F0} s");
        }

        foreach (var neverReader in neverReaders)
        {
            if (!await neverReader.WasDisconnectedAsync(quiet: TimeSpan.FromSeconds(5)))
            {
                problems.Add($"{neverReader.Name} was not disconnected");
            }
        }

        memory.Sample();
        if (memory.PeakMebibytes > FaultRunSettings.GatewayMemoryBoundMebibytes)
        {
            problems.Add(FormattableString.Invariant($"the gateway's peak memory {memory.PeakMebibytes:F0} MiB is above the bound of {FaultRunSettings.GatewayMemoryBoundMebibytes:F0} MiB"));
        }

        return await run.ResultAsync(Name, publisher, subscribers, memory, problems);
    }
}
