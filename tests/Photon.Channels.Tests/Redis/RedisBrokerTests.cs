using System.Collections.Concurrent;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Redis;
using Photon.Testing;
using StackExchange.Redis;

namespace Photon.Channels.Tests.Redis;

public sealed class RedisBrokerTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _raw = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _raw = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port}");
    }

    public async Task DisposeAsync()
    {
        await _raw.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private RedisBroker Broker() => new(new RedisBrokerOptions { Url = _redis.Url });

    private static ChannelMessage Message(string channel, string eventName, string data = "null") =>
        new() { Channel = channel, Event = eventName, Data = JsonDocument.Parse(data).RootElement, Timestamp = 1795747494144 };

    private Task<long> PublishRawAsync(string channel, string json) =>
        _raw.GetSubscriber().PublishAsync(RedisChannel.Literal("photon:channel:" + channel), json);

    [Fact]
    public async Task Publishing_uses_the_TypeScript_wire_shape()
    {
        var seen = new ConcurrentQueue<string>();
        (await _raw.GetSubscriber().SubscribeAsync(RedisChannel.Literal("photon:channel:board:x"))).OnMessage(m => seen.Enqueue(m.Message!));
        await using var broker = Broker();

        await broker.PublishAsync(Message("board:x", "e1", "1"));

        await Eventually.TrueAsync(() => seen.Count == 1, "the raw subscriber sees it");
        Assert.Equal("""{"channel":"board:x","event":"e1","data":1,"timestamp":1795747494144}""", Assert.Single(seen));
    }

    [Fact]
    public async Task A_subscriber_receives_what_TypeScript_clients_publish_with_falsy_data_kept()
    {
        await using var broker = Broker();
        var received = new ConcurrentQueue<string>();
        await using var subscription = await broker.SubscribeAsync("board:y", m => received.Enqueue(m.Data.GetRawText()));
        foreach (var data in new[] { "0", "false", "null" })
        {
            await PublishRawAsync("board:y", $$"""{"channel":"board:y","event":"e","data":{{data}},"timestamp":1}""");
        }

        await Eventually.TrueAsync(() => received.Count == 3, "all three arrive");
        Assert.Equal(["0", "false", "null"], received);
    }

    [Fact]
    public async Task Glob_characters_in_channel_names_do_not_act_as_wildcards()
    {
        await using var broker = Broker();
        var exact = new ConcurrentQueue<string>();
        var prefix = new ConcurrentQueue<string>();
        await using var a = await broker.SubscribeAsync("g?[x]:a", m => exact.Enqueue(m.Channel));
        await using var b = await broker.SubscribeAsync("g?[x]:*", m => prefix.Enqueue(m.Channel));

        foreach (var channel in new[] { "gz[x]:a", "g?x:a", "g?[x]:b", "g?[x]:a" })
        {
            await PublishRawAsync(channel, $$"""{"channel":"{{channel}}","event":"e"}""");
        }

        await Eventually.TrueAsync(() => exact.Count == 1 && prefix.Count == 2, "only the literal names match");
        Assert.Equal(["g?[x]:a"], exact);
        Assert.Equal(["g?[x]:a", "g?[x]:b"], prefix.Order());
    }

    [Fact]
    public async Task A_prefix_pattern_matches_one_segment_and_star_matches_everything()
    {
        await using var broker = Broker();
        var prefix = new ConcurrentQueue<string>();
        var all = new ConcurrentQueue<string>();
        await using var a = await broker.SubscribeAsync("seg:*", m => prefix.Enqueue(m.Channel));
        await using var b = await broker.SubscribeAsync("*", m => all.Enqueue(m.Channel));

        foreach (var channel in new[] { "seg:a", "seg:a:b", "other" })
        {
            await PublishRawAsync(channel, $$"""{"channel":"{{channel}}","event":"e"}""");
        }

        await Eventually.TrueAsync(() => all.Count == 3, "the wildcard sees all three");
        Assert.Equal(["seg:a"], prefix);

        // Order is kept per channel, not across channels.
        Assert.Equal(["other", "seg:a", "seg:a:b"], all.Order());
    }

    [Fact]
    public async Task Overlapping_subscriptions_deliver_each_message_once_per_handler()
    {
        await using var broker = Broker();
        var one = new ConcurrentQueue<string>();
        var other = new ConcurrentQueue<string>();
        ChannelMessageHandler handler = (m, _) => { one.Enqueue(m.Event); return ValueTask.CompletedTask; };
        await using var exact = await broker.SubscribeAsync("ov:a", handler);
        await using var pattern = await broker.SubscribeAsync("ov:*", handler);
        await using var all = await broker.SubscribeAsync("*", handler);
        await using var separate = await broker.SubscribeAsync("ov:*", m => other.Enqueue(m.Event));

        await PublishRawAsync("ov:a", """{"channel":"ov:a","event":"first"}""");
        await PublishRawAsync("ov:b", """{"channel":"ov:b","event":"second"}""");
        await PublishRawAsync("ov:a", """{"channel":"ov:a","event":"sentinel"}""");

        await Eventually.TrueAsync(() => one.Count >= 3 && other.Count >= 3, "the sentinel arrives");

        // Exactly once each; in order per channel (ov:a's two), not across channels.
        foreach (var events in new[] { one, other })
        {
            Assert.Equal(["first", "second", "sentinel"], events.Order(StringComparer.Ordinal));
            Assert.Equal(["first", "sentinel"], events.Where(e => e != "second"));
        }
    }

    [Fact]
    public async Task Disposing_the_last_handler_unsubscribes()
    {
        await using var broker = Broker();
        var subscription = await broker.SubscribeAsync("unsub:a", _ => { });
        Assert.Equal(1, (long)(await _raw.GetServer(_raw.GetEndPoints()[0]).ExecuteAsync("PUBSUB", "NUMSUB", "photon:channel:unsub:a"))[1]);
        await subscription.DisposeAsync();
        Assert.False(subscription.IsActive);
        await Eventually.TrueAsync(
            () => (long)_raw.GetServer(_raw.GetEndPoints()[0]).Execute("PUBSUB", "NUMSUB", "photon:channel:unsub:a")[1] == 0,
            "Redis has no subscriber left");
    }
}
