using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Orleans;
using Photon.Grains.Contracts;
using Photon.Grains.Hosting;
using Photon.Grains.Tests.Helpers;
using Photon.Testing;

namespace Photon.Grains.Tests.Client;

[Collection(ClusterCollection.Name)]
public sealed class OrleansBrokerTests(ClusterFixture fixture) : IAsyncLifetime
{
    private readonly OrleansBroker _broker = new(new OrleansBrokerOptions { Cluster = fixture.Client, ReplayPageSize = 7 });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _broker.DisposeAsync();

    // What the gateway's publisher hands a grain for POST /publish: the normalised message JSON.
    private Task<ChannelPosition> PublishAsHttpAsync(string channel, string eventName, string data) =>
        fixture.Client.GetGrain<IChannelGrain>(channel)
            .PublishAsync(Encoding.UTF8.GetBytes($$"""{"channel":"{{channel}}","event":"{{eventName}}","data":{{data}},"timestamp":1700000000000}""")).AsTask();

    private static (ConcurrentQueue<ChannelMessage> Messages, ChannelMessageHandler Handler) Collector()
    {
        var messages = new ConcurrentQueue<ChannelMessage>();
        return (messages, (message, _) => { messages.Enqueue(message); return ValueTask.CompletedTask; });
    }

    [Fact]
    public async Task A_subscriber_receives_what_HTTP_publishers_send_in_order_with_data_byte_for_byte()
    {
        var (received, handler) = Collector();
        await using var subscription = await _broker.SubscribeAsync("orleans:http", handler);
        for (var i = 1; i <= 30; i++)
        {
            await PublishAsHttpAsync("orleans:http", $"e{i}", $$"""{"n": {{i}}, "s":"é✓"}""");
        }

        await Eventually.TrueAsync(() => received.Count == 30, "30 messages arrive");
        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"e{i}"), received.Select(m => m.Event));
        Assert.Equal("""{"n": 7, "s":"é✓"}""", received.ElementAt(6).Data.GetRawText());
        Assert.All(received, m => Assert.Equal(1700000000000, m.Timestamp));
    }

    [Fact]
    public async Task What_the_broker_publishes_gets_a_position_and_reaches_pattern_subscribers_once()
    {
        var (received, handler) = Collector();
        await using var pattern = await _broker.SubscribeAsync("orleanspat:*", handler);
        var first = await _broker.PublishAsync(new ChannelMessage { Channel = "orleanspat:a", Event = "x", Data = JsonSerializer.SerializeToElement(1), Source = "test" });
        var second = await _broker.PublishAsync(new ChannelMessage { Channel = "orleanspat:b", Event = "y" });
        await PublishAsHttpAsync("orleanspat:a", "z", "null");

        Assert.Equal(1, first!.Value.Sequence);
        Assert.Equal(1, second!.Value.Sequence);
        await Eventually.TrueAsync(() => received.Count == 3, "3 messages arrive");
        // Two channels, two grains: order holds within a channel, not across them.
        Assert.Equal(["orleanspat:a/x", "orleanspat:a/z", "orleanspat:b/y"], received.Select(m => $"{m.Channel}/{m.Event}").Order(StringComparer.Ordinal));
        Assert.Equal(["x", "z"], received.Where(m => m.Channel == "orleanspat:a").Select(m => m.Event));
        Assert.Equal("test", received.Single(m => m.Event == "x").Source);
    }

    [Fact]
    public async Task A_subscriber_resumes_after_a_position_from_history_then_goes_live()
    {
        var positions = new List<ChannelPosition>();
        for (var i = 1; i <= 20; i++)
        {
            positions.Add(await PublishAsHttpAsync("orleans:resume", $"e{i}", "0"));
        }

        var (received, handler) = Collector();
        var gaps = new ConcurrentQueue<ChannelGap>();
        await using var subscription = await _broker.SubscribeAsync("orleans:resume", handler, new ChannelSubscribeOptions { LastEventId = positions[4].ToString(), OnGap = gaps.Enqueue });
        await PublishAsHttpAsync("orleans:resume", "e21", "0");

        await Eventually.TrueAsync(() => received.Count == 16, "the 15 missed and the live one arrive");
        Assert.Equal(Enumerable.Range(6, 16).Select(i => $"e{i}"), received.Select(m => m.Event));
        Assert.Empty(gaps);
    }

    [Fact]
    public async Task A_resume_the_history_no_longer_covers_is_reported_as_a_gap_and_the_rest_delivered()
    {
        var positions = new List<ChannelPosition>();
        for (var i = 1; i <= ClusterFixture.HistoryMaxCount + 10; i++)
        {
            positions.Add(await PublishAsHttpAsync("orleans:gap", $"e{i}", "0"));
        }

        var (received, handler) = Collector();
        var gaps = new ConcurrentQueue<ChannelGap>();
        await using var subscription = await _broker.SubscribeAsync("orleans:gap", handler, new ChannelSubscribeOptions { LastEventId = positions[2].ToString(), OnGap = gaps.Enqueue });

        await Eventually.TrueAsync(() => received.Count == ClusterFixture.HistoryMaxCount, "what the history holds arrives");
        Assert.Equal(new ChannelGap("orleans:gap", positions[2].ToString(), ChannelGap.ExpiredReason), Assert.Single(gaps));
        Assert.Equal("e11", received.First().Event);

        var unknown = new ConcurrentQueue<ChannelGap>();
        await using var badId = await _broker.SubscribeAsync("orleans:gap", (_, _) => ValueTask.CompletedTask, new ChannelSubscribeOptions { LastEventId = "not-an-id", OnGap = unknown.Enqueue });
        Assert.Equal(ChannelGap.UnknownIdReason, Assert.Single(unknown).Reason);
    }

    [Fact]
    public async Task A_channel_whose_grain_forgot_the_subscriber_is_repaired_at_the_next_renewal()
    {
        await using var broker = new OrleansBroker(new OrleansBrokerOptions { Cluster = fixture.Client, RenewInterval = TimeSpan.FromMilliseconds(200) });
        var (received, handler) = Collector();
        var gaps = new ConcurrentQueue<ChannelGap>();
        await using var subscription = await broker.SubscribeAsync("orleans:restarted", handler, new ChannelSubscribeOptions { OnGap = gaps.Enqueue });
        var before = await PublishAsHttpAsync("orleans:restarted", "before", "0");
        await Eventually.TrueAsync(() => received.Count == 1, "the first message arrives");

        // The activation goes (without Redis its history and attached observers go with it); the next one is a new epoch.
        var grain = fixture.Client.GetGrain<IChannelGrain>("orleans:restarted");
        await fixture.Cluster.DeactivateAsync(grain);
        await fixture.Cluster.WaitForDeactivationAsync(grain);
        var after = await PublishAsHttpAsync("orleans:restarted", "after", "0");

        await Eventually.TrueAsync(() => received.Count == 2, "the renewal finds the new head and repairs it from history");
        Assert.NotEqual(before.Epoch, after.Epoch);
        Assert.Equal(["before", "after"], received.Select(m => m.Event));

        // When a renewal reached the new activation before "after" was published, the subscriber missed nothing
        // and hears of no gap; otherwise the repair reports the restart. Never anything else.
        Assert.All(gaps, gap => Assert.Equal(new ChannelGap("orleans:restarted", before.ToString(), ChannelGap.EpochChangedReason), gap));
        Assert.True(gaps.Count <= 1, $"the restart is reported at most once (got {gaps.Count})");
    }

    [Fact]
    public async Task A_disposed_subscription_receives_nothing_more()
    {
        var (received, handler) = Collector();
        var subscription = await _broker.SubscribeAsync("orleans:dispose", handler);
        var before = await PublishAsHttpAsync("orleans:dispose", "before", "0");
        await Eventually.TrueAsync(() => received.Count == 1, "the first message arrives");

        await subscription.DisposeAsync();
        Assert.False(subscription.IsActive);
        await PublishAsHttpAsync("orleans:dispose", "after", "0");

        // A witness resuming after the first message sees the second; the disposed subscription never does.
        var (later, laterHandler) = Collector();
        await using var witness = await _broker.SubscribeAsync("orleans:dispose", laterHandler, new ChannelSubscribeOptions { LastEventId = before.ToString() });
        await Eventually.TrueAsync(() => later.Count == 1, "a witness sees the later message");
        Assert.Equal("before", Assert.Single(received).Event);
    }

    [Fact]
    public async Task A_message_that_is_not_a_channel_message_is_refused_at_publish()
    {
        var refused = await Assert.ThrowsAsync<ChannelBrokerException>(() => _broker.PublishAsync(new ChannelMessage { Channel = "bad:*", Event = "e" }).AsTask());
        Assert.Contains("invalid_channel", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registry_creates_it_as_orleans_and_detects_it_from_PHOTON_CHANNEL_BROKER()
    {
        var registry = new ChannelBrokerRegistry(name => name == "PHOTON_CHANNEL_BROKER" ? "orleans" : null).AddOrleansBroker(fixture.Client);
        Assert.Contains("orleans", registry.RegisteredTypes);
        await using var detected = registry.Get();
        Assert.IsType<OrleansBroker>(detected);
        Assert.Equal("orleans", detected.Type);
        Assert.True(detected.IsConnected);
    }
}
