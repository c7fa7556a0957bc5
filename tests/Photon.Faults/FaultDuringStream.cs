using Photon.Testing;

namespace Photon.Faults;

/// <summary>
/// A stream of numbered messages with a fault a third of the way in. Subscribers: an <c>HttpBroker</c> and a
/// <c>DaemonBroker</c> on every gateway (both resume by themselves) and a raw event-stream reader that resumes
/// with <c>Last-Event-ID</c> on the next gateway each time. Each must end with every message exactly once, in order.
/// </summary>
internal sealed class FaultDuringStream(string name, Func<FaultRun, SequencedPublisher, List<string>, Task> fault) : IScenario
{
    public string Name => name;

    public async Task<ScenarioResult> RunAsync(FaultRun run)
    {
        var settings = run.Settings;
        var channel = run.Channel(name);
        await using var subscribers = new SubscriberSet();
        for (var gateway = 0; gateway < settings.Gateways; gateway++)
        {
            await subscribers.AddBrokerAsync($"http-broker@gateway-{gateway}", run.HttpBroker(gateway), channel);
            await subscribers.AddBrokerAsync($"daemon-broker@gateway-{gateway}", run.DaemonBroker(gateway), channel);
        }

        subscribers.AddReader(run.Reader("sse-reader", channel, settings.Gateways - 1));
        await subscribers.WaitUntilReadersStartedAsync(TimeSpan.FromSeconds(60));

        await using var publisher = run.Publisher(channel);
        await using var memory = run.MonitorMemory();
        var problems = new List<string>();
        var publishing = publisher.PublishAsync(settings.StreamMessages, settings.StreamMessagesPerSecond, CancellationToken.None);
        await Eventually.TrueAsync(() => publisher.Acknowledged >= settings.StreamMessages / 3 || publishing.IsCompleted, "a third is published", TimeSpan.FromMinutes(2));
        if (publishing.IsCompleted)
        {
            problems.Add("the stream ended before the fault");
        }

        await fault(run, publisher, problems);
        await publishing;
        if (!await subscribers.WaitUntilCompleteAsync(publisher.Acknowledged, settings.CatchUpTimeout))
        {
            problems.Add($"not every subscriber caught up within {settings.CatchUpTimeout.TotalSeconds:F0} s");
        }

        return await run.ResultAsync(name, publisher, subscribers, memory, problems);
    }
}
