using System.Collections.Concurrent;
using System.Text;
using Photon.Grains.Contracts;
using Photon.Grains.Tests.Helpers;
using Photon.Testing;

namespace Photon.Grains.Tests;

/// <summary>The live path of exact-channel subscribers: observers attached to a channel's grain.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ChannelObserverTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task An_attached_observer_gets_every_message_once_in_order()
    {
        var grain = _client.GetGrain<IChannelGrain>("observed:order");
        var observer = new CollectingObserver();
        var reference = _client.CreateObjectReference<IChannelObserver>(observer);
        var attachment = await grain.AttachAsync(reference);
        Assert.False(attachment.WasAttached);
        Assert.Equal(0, attachment.Head.Sequence);

        var published = await Task.WhenAll(Enumerable.Range(1, 2000).Select(i => grain.PublishAsync(Payload($"{i}")).AsTask()));

        await Eventually.TrueAsync(() => observer.Sequences.Count >= 2000, "the observer gets all 2,000");
        Assert.Equal(Enumerable.Range(1, 2000).Select(i => (long)i), observer.Sequences);
        Assert.Equal(published.Select(p => p.Sequence).Order(), observer.Sequences);
        Assert.Single(observer.Epochs.Distinct());
        _client.DeleteObjectReference<IChannelObserver>(reference);
    }

    [Fact]
    public async Task Renewing_says_the_observer_was_attached_and_a_detached_observer_gets_nothing_more()
    {
        var grain = _client.GetGrain<IChannelGrain>("observed:detach");
        var (kept, left) = (new CollectingObserver(), new CollectingObserver());
        var keptReference = _client.CreateObjectReference<IChannelObserver>(kept);
        var leftReference = _client.CreateObjectReference<IChannelObserver>(left);
        Assert.False((await grain.AttachAsync(keptReference)).WasAttached);
        Assert.False((await grain.AttachAsync(leftReference)).WasAttached);
        Assert.True((await grain.AttachAsync(keptReference)).WasAttached);

        await grain.PublishAsync(Payload("both"));
        await Eventually.TrueAsync(() => kept.Sequences.Count == 1 && left.Sequences.Count == 1, "both get the first message");
        await grain.DetachAsync(leftReference);
        await grain.PublishAsync(Payload("kept only"));
        await grain.PublishAsync(Payload("kept only, again"));

        await Eventually.TrueAsync(() => kept.Sequences.Count == 3, "the attached observer gets the later messages");
        Assert.Equal([1L], left.Sequences);
        Assert.False((await grain.AttachAsync(leftReference)).WasAttached);
    }

    [Fact]
    public async Task An_observer_whose_delivery_fails_is_dropped_and_the_others_go_on()
    {
        var grain = _client.GetGrain<IChannelGrain>("observed:failing");
        var healthy = new CollectingObserver();
        var failing = new CollectingObserver { Fails = true };
        var healthyReference = _client.CreateObjectReference<IChannelObserver>(healthy);
        var failingReference = _client.CreateObjectReference<IChannelObserver>(failing);
        await grain.AttachAsync(failingReference);
        await grain.AttachAsync(healthyReference);

        for (var i = 1; i <= 3; i++)
        {
            await grain.PublishAsync(Payload($"{i}"));
        }

        await Eventually.TrueAsync(() => healthy.Sequences.Count == 3, "the healthy observer gets all three");
        await Eventually.TrueAsync(async () => !(await grain.AttachAsync(failingReference)).WasAttached, "the failing observer was dropped");
        Assert.Equal([1L, 2L, 3L], healthy.Sequences);
    }

    [Fact]
    public async Task An_observer_that_falls_too_far_behind_loses_its_backlog_and_then_gets_what_follows_in_order()
    {
        var grain = _client.GetGrain<IChannelGrain>("observed:behind");
        var stuck = new CollectingObserver { Blocked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var healthy = new CollectingObserver();
        await grain.AttachAsync(_client.CreateObjectReference<IChannelObserver>(stuck));
        await grain.AttachAsync(_client.CreateObjectReference<IChannelObserver>(healthy));
        await grain.PublishAsync(Payload("first"));
        await Eventually.TrueAsync(() => stuck.Sequences.Count == 1, "the first batch is in flight (and stuck)");

        const int more = ClusterFixture.MaxObserverBacklog + 500;
        await Task.WhenAll(Enumerable.Range(0, more).Select(i => grain.PublishAsync(Payload($"{i}")).AsTask()));

        // A publish returns once stamped; the grain pushes to every observer in the same step, so once the healthy
        // one has the last message, everything was pushed to the stuck one too (and its backlog overflowed). (The
        // healthy one may lose a backlog of its own on a busy machine: only its last message counts.)
        await Eventually.TrueAsync(() => healthy.Sequences.LastOrDefault() == more + 1, "every batch was pushed");
        stuck.Blocked.SetResult();

        await Eventually.TrueAsync(() => stuck.Sequences.LastOrDefault() == more + 1, "the observer gets the latest message");
        var received = stuck.Sequences.ToList();
        Assert.Equal(1, received[0]);
        Assert.True(received[1] > 2, $"the backlog after the first message was dropped (next was {received[1]})");
        Assert.Equal(Enumerable.Range((int)received[1], more + 2 - (int)received[1]).Select(i => (long)i), received.Skip(1));
    }

    private sealed class CollectingObserver : IChannelObserver
    {
        public ConcurrentQueue<long> Sequences { get; } = new();

        public ConcurrentQueue<long> Epochs { get; } = new();

        public bool Fails { get; init; }

        /// <summary>When set, every delivery returns only once this completes (after recording its messages).</summary>
        public TaskCompletionSource? Blocked { get; init; }

        public Task DeliverAsync(ChannelEventBatch batch)
        {
            if (Fails)
            {
                throw new InvalidOperationException("this observer refuses every batch");
            }

            for (var i = 0; i < batch.Count; i++)
            {
                Sequences.Enqueue(batch.PositionAt(i).Sequence);
                Epochs.Enqueue(batch.Epoch);
            }

            return Blocked?.Task ?? Task.CompletedTask;
        }
    }
}
