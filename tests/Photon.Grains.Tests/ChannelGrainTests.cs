using System.Collections.Concurrent;
using System.Text;
using Orleans.Streams;
using Photon.Channels;
using Photon.Grains.Contracts;
using Photon.Grains.Tests.Helpers;
using Photon.Testing;

namespace Photon.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class ChannelGrainTests(ClusterFixture fixture)
{
    private readonly IClusterClient _client = fixture.Client;

    private IChannelGrain Channel(string name) => _client.GetGrain<IChannelGrain>(name);

    private static byte[] Payload(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Each_publish_gets_the_next_sequence_in_one_epoch()
    {
        var grain = Channel("grain:sequence");
        var first = await grain.PublishAsync(Payload("a"));
        var second = await grain.PublishAsync(Payload("b"));
        Assert.Equal(1, first.Sequence);
        Assert.Equal(new ChannelPosition(first.Epoch, 2), second);
        Assert.Equal(second, await grain.GetHeadAsync());
    }

    [Fact]
    public async Task Thousands_of_concurrent_publishes_get_distinct_consecutive_sequences()
    {
        var grain = Channel("grain:concurrent");
        var positions = await Task.WhenAll(Enumerable.Range(0, 4000).Select(i => grain.PublishAsync(Payload($"{i}")).AsTask()));
        Assert.Single(positions.Select(p => p.Epoch).Distinct());
        Assert.Equal(Enumerable.Range(1, 4000).Select(i => (long)i), positions.Select(p => p.Sequence).Order());
    }

    [Fact]
    public async Task A_repeated_idempotency_key_publishes_nothing_and_answers_with_the_original_position()
    {
        var grain = Channel("grain:idempotent");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => grain.PublishOnceAsync("key-a", 42, Payload("a")).AsTask()));
        var original = Assert.Single(attempts, a => a.Outcome == PublishOnceOutcome.Published);
        Assert.All(attempts, a => Assert.Equal(original.Position, a.Position));
        Assert.Equal(4, attempts.Count(a => a.Outcome == PublishOnceOutcome.Duplicate));

        Assert.Equal(new ChannelPublishResult(original.Position, PublishOnceOutcome.KeyReused), await grain.PublishOnceAsync("key-a", 43, Payload("b")));
        var other = await grain.PublishOnceAsync("key-b", 42, Payload("c"));
        Assert.Equal((original.Position.Next, PublishOnceOutcome.Published), (other.Position, other.Outcome));
        Assert.Equal(["a", "c"], (await grain.GetSinceAsync(original.Position with { Sequence = 0 }, 10)).Events.Payloads.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public async Task A_refused_payload_does_not_take_its_idempotency_key()
    {
        var grain = Channel("grain:idempotent-refused");
        await Assert.ThrowsAsync<ArgumentException>(() => grain.PublishOnceAsync("key", 1, new byte[2000]).AsTask());
        Assert.Equal(PublishOnceOutcome.Published, (await grain.PublishOnceAsync("key", 1, Payload("fits"))).Outcome);
    }

    [Fact]
    public async Task History_returns_exactly_the_messages_after_a_position_in_pages()
    {
        var grain = Channel("grain:history");
        var positions = new List<ChannelPosition>();
        for (var i = 1; i <= 10; i++)
        {
            positions.Add(await grain.PublishAsync(Payload($"m{i}")));
        }

        var page = await grain.GetSinceAsync(positions[3], 4);
        Assert.False(page.IsGap);
        Assert.False(page.IsComplete);
        Assert.Equal(5, page.Events.FirstSequence);
        Assert.Equal(["m5", "m6", "m7", "m8"], page.Events.Payloads.Select(Encoding.UTF8.GetString));

        var rest = await grain.GetSinceAsync(page.Events.Last, 100);
        Assert.True(rest.IsComplete);
        Assert.Equal(["m9", "m10"], rest.Events.Payloads.Select(Encoding.UTF8.GetString));

        var none = await grain.GetSinceAsync(positions[^1], 100);
        Assert.Equal(0, none.Events.Count);
        Assert.False(none.IsGap);
    }

    [Fact]
    public async Task A_position_beyond_the_history_is_a_gap_that_hands_over_what_is_held()
    {
        var grain = Channel("grain:expired");
        var first = await grain.PublishAsync(Payload("first"));
        for (var i = 0; i < ClusterFixture.HistoryMaxCount + 10; i++)
        {
            await grain.PublishAsync(Payload($"later{i}"));
        }

        var replay = await grain.GetSinceAsync(first, 1000);
        Assert.Equal(ChannelGap.ExpiredReason, replay.GapReason);
        Assert.Equal(ClusterFixture.HistoryMaxCount, replay.Events.Count);
        Assert.Equal(replay.Head, replay.Events.Last);
    }

    [Theory]
    [InlineData(1, 1, "epoch-changed")]
    [InlineData(0, 99, "unknown-id")]
    public async Task A_position_the_channel_never_issued_is_a_gap(long epochOffset, long sequence, string reason)
    {
        var grain = Channel($"grain:unknown-{reason}");
        var head = await grain.PublishAsync(Payload("x"));
        var replay = await grain.GetSinceAsync(new ChannelPosition(head.Epoch + epochOffset, sequence), 10);
        Assert.Equal(reason, replay.GapReason);
        Assert.Equal(["x"], replay.Events.Payloads.Select(Encoding.UTF8.GetString));
    }

    [Fact]
    public async Task A_channel_that_restarts_gets_a_new_epoch_and_the_old_positions_become_a_gap()
    {
        var grain = Channel("grain:restart");
        var before = await grain.PublishAsync(Payload("before"));
        await fixture.Cluster.DeactivateAsync(grain);
        await fixture.Cluster.WaitForDeactivationAsync(grain);

        var after = await grain.PublishAsync(Payload("after"));
        Assert.NotEqual(before.Epoch, after.Epoch);
        Assert.Equal(1, after.Sequence);
        Assert.Equal(ChannelGap.EpochChangedReason, (await grain.GetSinceAsync(before, 10)).GapReason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("bad*name")]
    public async Task An_invalid_channel_name_is_refused(string name)
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Channel(name).PublishAsync(Payload("x")));
    }

    [Fact]
    public async Task An_empty_or_oversized_payload_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(async () => await Channel("grain:size").PublishAsync([]));
        await Assert.ThrowsAsync<ArgumentException>(async () => await Channel("grain:size").PublishAsync(new byte[1025]));
        Assert.Equal(1, (await Channel("grain:size").PublishAsync(new byte[1024])).Sequence);
    }

    [Fact]
    public async Task Messages_go_out_in_order_on_the_prefix_stream_and_the_all_stream()
    {
        const string channel = "grainstream:a";
        var provider = _client.GetStreamProvider(ChannelStreams.ProviderName);
        var observers = new[] { ChannelPattern.Parse("grainstream:*"), ChannelPattern.Parse("*") }
            .Select(pattern => (Pattern: pattern, Observer: new CollectingObserver(channel)))
            .ToList();
        var handles = new List<StreamSubscriptionHandle<ChannelEventBatch>>();
        foreach (var (pattern, observer) in observers)
        {
            handles.Add(await provider.GetStream<ChannelEventBatch>(ChannelStreams.For(pattern)).SubscribeAsync(observer));
        }

        var grain = Channel(channel);
        var published = await Task.WhenAll(Enumerable.Range(1, 500).Select(i => grain.PublishAsync(Payload($"{i}")).AsTask()));
        var expected = published.Select(p => p.Sequence).Order().ToList();

        foreach (var (pattern, observer) in observers)
        {
            await Eventually.TrueAsync(() => observer.Sequences.Count >= 500, $"the {pattern} stream delivers all 500");
            Assert.Equal(expected, observer.Sequences);
        }

        foreach (var handle in handles)
        {
            await handle.UnsubscribeAsync();
        }
    }

    private sealed class CollectingObserver(string channel) : IAsyncObserver<ChannelEventBatch>
    {
        public ConcurrentQueue<long> Sequences { get; } = new();

        public Task OnNextAsync(ChannelEventBatch item, StreamSequenceToken? token = null)
        {
            if (item.Channel == channel)
            {
                for (var i = 0; i < item.Count; i++)
                {
                    Sequences.Enqueue(item.PositionAt(i).Sequence);
                }
            }

            return Task.CompletedTask;
        }

        public Task OnCompletedAsync() => Task.CompletedTask;

        public Task OnErrorAsync(Exception ex) => Task.CompletedTask;
    }
}
