using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Photon.Gateway.Redis;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;
using StackExchange.Redis;

namespace Photon.Gateway.Tests.Redis;

public sealed class RedisBridgeTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private ConnectionMultiplexer _client = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _client = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port},abortConnect=false");
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _redis.DisposeAsync();
    }

    private Task<GatewayHost> StartGatewayAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Photon:Redis:Url"] = _redis.Url,
        };
        foreach (var (key, value) in extra ?? [])
        {
            settings[key] = value;
        }

        return GatewayHost.StartAsync(settings);
    }

    private static RedisBridge Bridge(GatewayHost gateway) => gateway.Services.GetRequiredService<RedisBridge>();

    private async Task<ConcurrentQueue<string>> RawSubscribeAsync(string pattern)
    {
        var received = new ConcurrentQueue<string>();
        var queue = await _client.GetSubscriber().SubscribeAsync(RedisChannel.Pattern(pattern));
        queue.OnMessage(message => received.Enqueue($"{message.Channel} {message.Message}"));
        return received;
    }

    [Fact]
    public async Task Redis_publishers_reach_SSE_subscribers_and_HTTP_publishers_reach_Redis_subscribers_each_once()
    {
        await using var gateway = await StartGatewayAsync();
        await Eventually.TrueAsync(() => Bridge(gateway).IsBridging, "the gateway takes the bridge lease");
        var fromRedis = await RawSubscribeAsync("photon:channel:bridge:*");
        await using var sse = await SseTestClient.ConnectAsync(gateway.Client, "/subscribe?channel=bridge:a");
        await Eventually.TrueAsync(() => gateway.SubscribersOf("bridge:a") == 1, "the stream is live");

        const string redisMessage = """{"channel":"bridge:a","event":"from-redis","data":1,"timestamp":1795747494144}""";
        await _client.GetSubscriber().PublishAsync(RedisChannel.Literal("photon:channel:bridge:a"), redisMessage);
        Assert.Equal(redisMessage, (await sse.NextEventAsync()).Data);

        await gateway.Client.PublishAsync("bridge:a", "from-http");
        Assert.Equal(PublishHelpers.Expected("bridge:a", "from-http"), (await sse.NextEventAsync()).Data);
        await Eventually.TrueAsync(() => fromRedis.Count >= 2, "the HTTP message reaches Redis");

        // The Redis message was not published back to Redis, and the HTTP one went out once.
        await gateway.Client.PublishAsync("bridge:a", "sentinel");
        await Eventually.TrueAsync(() => fromRedis.Count >= 3, "the sentinel reaches Redis");
        Assert.Equal(
            [
                $"photon:channel:bridge:a {redisMessage}",
                $"photon:channel:bridge:a {PublishHelpers.Expected("bridge:a", "from-http")}",
                $"photon:channel:bridge:a {PublishHelpers.Expected("bridge:a", "sentinel")}",
            ],
            fromRedis);
        Assert.Equal(1, Bridge(gateway).Ingress);
    }

    [Fact]
    public async Task A_bridge_acting_as_a_scoped_token_bridges_only_the_channels_the_token_allows()
    {
        const string admin = "admin-token-0123456789";
        await using var gateway = await StartGatewayAsync(new()
        {
            ["Photon:Gateway:AuthToken"] = admin,
            ["Photon:Gateway:Tokens:bridge:Token"] = "bridge-token-0123456789",
            ["Photon:Gateway:Tokens:bridge:Publish"] = "in:*",
            ["Photon:Gateway:Tokens:bridge:Subscribe"] = "out:*",
            ["Photon:Redis:TokenName"] = "bridge",
        });
        await Eventually.TrueAsync(() => Bridge(gateway).IsBridging, "the gateway takes the bridge lease");
        var fromRedis = await RawSubscribeAsync("photon:channel:*");
        await using var watcher = await DaemonTestClient.ConnectAsync(gateway.SocketPath());
        await watcher.SubscribeAsync("*");

        var subscriber = _client.GetSubscriber();
        await subscriber.PublishAsync(RedisChannel.Literal("photon:channel:secret:a"), """{"channel":"secret:a","event":"refused","timestamp":1}""");
        await subscriber.PublishAsync(RedisChannel.Literal("photon:channel:in:a"), """{"channel":"in:a","event":"taken","timestamp":1}""");
        var taken = await watcher.ReadJsonAsync();
        Assert.Equal("in:a", taken.GetProperty("channel").GetString());
        Assert.Equal(1, Bridge(gateway).Ingress);
        Assert.Equal(1, Bridge(gateway).NotBridged);

        await gateway.Client.PublishAsync("secret:b", "kept-inside", token: admin);
        await gateway.Client.PublishAsync("out:b", "sent-out", token: admin);
        await Eventually.TrueAsync(() => fromRedis.Any(m => m.StartsWith("photon:channel:out:b ", StringComparison.Ordinal)), "the allowed channel reaches Redis");
        Assert.DoesNotContain(fromRedis, m => m.StartsWith("photon:channel:secret:b ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task With_two_gateways_on_one_Redis_every_subscriber_gets_each_message_once()
    {
        var cluster = TwoGatewayCluster.Create();
        await using var first = await StartGatewayAsync(cluster.Hosting);
        await using var second = await StartGatewayAsync(cluster.Joining);
        await Eventually.TrueAsync(() => Bridge(first).IsBridging ^ Bridge(second).IsBridging, "exactly one gateway bridges");
        var fromRedis = await RawSubscribeAsync("photon:channel:twice:*");
        await using var onFirst = await SseTestClient.ConnectAsync(first.Client, "/subscribe?channel=twice:a");
        await using var onSecond = await SseTestClient.ConnectAsync(second.Client, "/subscribe?channel=twice:a");
        await Eventually.TrueAsync(() => first.SubscribersOf("twice:a") == 1 && second.SubscribersOf("twice:a") == 1, "both streams are live");

        const string redisMessage = """{"channel":"twice:a","event":"r","timestamp":1}""";
        await _client.GetSubscriber().PublishAsync(RedisChannel.Literal("photon:channel:twice:a"), redisMessage);
        foreach (var subscriber in new[] { onFirst, onSecond })
        {
            Assert.Equal(redisMessage, (await subscriber.NextEventAsync()).Data);
        }

        // Publishers on different paths are not ordered with each other: the HTTP ones go after the Redis one has landed.
        await second.Client.PublishAsync("twice:a", "h");
        await first.Client.PublishAsync("twice:a", "sentinel");
        foreach (var subscriber in new[] { onFirst, onSecond })
        {
            Assert.Equal(PublishHelpers.Expected("twice:a", "h"), (await subscriber.NextEventAsync()).Data);
            Assert.Equal(PublishHelpers.Expected("twice:a", "sentinel"), (await subscriber.NextEventAsync()).Data);
        }

        await Eventually.TrueAsync(() => fromRedis.Count >= 3, "the sentinel reaches Redis");
        Assert.Equal(3, fromRedis.Count);
    }

    [Fact]
    public async Task When_Redis_restarts_the_gateway_keeps_serving_counts_what_it_could_not_bridge_and_bridges_again()
    {
        await using var gateway = await StartGatewayAsync();
        await Eventually.TrueAsync(() => Bridge(gateway).IsBridging, "the gateway bridges");
        await using var sse = await SseTestClient.ConnectAsync(gateway.Client, "/subscribe?channel=restart:a");
        await Eventually.TrueAsync(() => gateway.SubscribersOf("restart:a") == 1, "the stream is live");

        await _redis.StopAsync();
        await gateway.Client.PublishAsync("restart:a", "while-down");
        Assert.Equal(PublishHelpers.Expected("restart:a", "while-down"), (await sse.NextEventAsync()).Data);

        await _redis.RestartAsync();
        var fromRedis = await RawSubscribeAsync("photon:channel:restart:*");
        await Eventually.TrueAsync(() => Bridge(gateway).IsBridging && _client.IsConnected, "the bridge is back");
        await Eventually.TrueAsync(
            () =>
            {
                gateway.Client.PublishAsync("restart:a", "after").GetAwaiter().GetResult();
                return fromRedis.Any(m => m.Contains("\"after\"", StringComparison.Ordinal));
            },
            "messages reach Redis again",
            TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => Bridge(gateway).NotBridged + Bridge(gateway).Egressed >= 1, "the message published while Redis was down is accounted for");
    }
}
