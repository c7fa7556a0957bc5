using Photon.Testing;

namespace Photon.Faults;

/// <summary>
/// Many raw event-stream clients, spread over the gateways, all dropping their connections at the same moment
/// several times during a stream and reconnecting at once with <c>Last-Event-ID</c>, each to the next gateway.
/// Each must end with every message exactly once, in order.
/// </summary>
internal sealed class ReconnectStormScenario : IScenario
{
    public string Name => "reconnect-storm";

    public async Task<ScenarioResult> RunAsync(FaultRun run)
    {
        var settings = run.Settings;
        var channel = run.Channel(Name);
        await using var subscribers = new SubscriberSet();
        for (var i = 0; i < settings.StormClients; i++)
        {
            subscribers.AddReader(run.Reader($"storm-client-{i}", channel, i % settings.Gateways));
        }

        await subscribers.WaitUntilReadersStartedAsync(TimeSpan.FromMinutes(2));

        await using var publisher = run.Publisher(channel);
        await using var memory = run.MonitorMemory();
        var problems = new List<string>();
        var publishing = publisher.PublishAsync(settings.StormMessages, settings.StormMessagesPerSecond, CancellationToken.None);
        for (var storm = 1; storm <= settings.Storms; storm++)
        {
            var at = settings.StormMessages * storm / (settings.Storms + 1);
            await Eventually.TrueAsync(() => publisher.Acknowledged >= at || publishing.IsCompleted, $"{at} messages are published", TimeSpan.FromMinutes(2));
            foreach (var reader in subscribers.Readers)
            {
                reader.Drop();
            }

            Console.Error.WriteLine($"# storm {storm}: {settings.StormClients} clients reconnect at {publisher.Acknowledged} published");
        }

        await publishing;
        if (!await subscribers.WaitUntilCompleteAsync(publisher.Acknowledged, settings.CatchUpTimeout))
        {
            problems.Add($"not every client caught up within {settings.CatchUpTimeout.TotalSeconds:F0} s");
        }

        var connections = subscribers.Readers.Sum(r => r.Connections);
        Console.Error.WriteLine($"# {Name}: {connections} connections in all ({connections - settings.StormClients} reconnections)");
        return await run.ResultAsync(Name, publisher, subscribers, memory, problems);
    }
}
