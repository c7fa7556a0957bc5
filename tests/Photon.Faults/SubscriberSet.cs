using Photon.Channels;
using Photon.Testing;

namespace Photon.Faults;

/// <summary>The subscribers of one scenario, each with its <see cref="DeliveryLog"/>; disposing it ends them all.</summary>
internal sealed class SubscriberSet : IAsyncDisposable
{
    private readonly List<DeliveryLog> _logs = [];
    private readonly List<ResumingSseReader> _readers = [];
    private readonly Stack<IAsyncDisposable> _owned = new();

    public IReadOnlyList<ResumingSseReader> Readers => _readers;

    /// <summary>Subscribes through a C# broker, which resumes by itself; the set owns the broker.</summary>
    public async Task AddBrokerAsync(string name, IChannelBroker broker, string channel)
    {
        _owned.Push(broker);
        var log = new DeliveryLog(name);
        _logs.Add(log);
        _owned.Push(await broker.SubscribeAsync(
            channel,
            (message, _) =>
            {
                log.Add(SequenceNumbers.Of(message));
                return ValueTask.CompletedTask;
            },
            new ChannelSubscribeOptions { OnGap = _ => log.AddGap() }));
    }

    public void AddReader(ResumingSseReader reader)
    {
        _logs.Add(reader.Log);
        _readers.Add(reader);
        reader.Start();
    }

    /// <summary>Waits until every raw reader has its stream's start id, so that it resumes from there if it must.</summary>
    public Task WaitUntilReadersStartedAsync(TimeSpan timeout) =>
        Eventually.TrueAsync(() => _readers.All(r => r.LastId is not null), "every reader's stream has started", timeout);

    /// <summary>Waits until every subscriber has every published number; false when some still lack one at the timeout.</summary>
    public async Task<bool> WaitUntilCompleteAsync(int published, TimeSpan timeout)
    {
        try
        {
            await Eventually.TrueAsync(() => _logs.All(l => l.DistinctCount >= published), "every subscriber has every message", timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public IReadOnlyList<DeliveryCheck> Check(SequencedPublisher published) => [.. _logs.Select(l => l.Check(published))];

    public async ValueTask DisposeAsync()
    {
        foreach (var reader in _readers)
        {
            await reader.StopAsync();
        }

        while (_owned.TryPop(out var owned))
        {
            await owned.DisposeAsync();
        }
    }
}
