using Photon.Cli.Tests.Helpers;
using Photon.Testing;

namespace Photon.Cli.Tests.Commands;

/// <summary>The redis transport: the tool speaks Redis pub/sub in the TypeScript RedisBroker's shape, bridged by the gateway.</summary>
[Trait("Category", "Integration")]
public sealed class RedisTransportTests
{
    [Fact]
    public async Task A_message_published_over_redis_reaches_an_http_tail_and_one_over_http_reaches_a_redis_tail()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Redis:Url"] = redis.Url });
        var url = gateway.BaseAddress.ToString();
        await using var overHttp = CliProcess.Start(["subscribe", "board:from-redis", "--json", "-n", "1", "--url", url]);
        await using var overRedis = CliProcess.Start(["subscribe", "other:*", "--json", "-n", "1"], new Dictionary<string, string?> { ["PHOTON_REDIS_URL"] = redis.Url });
        await overHttp.WaitForErrorAsync("subscribed to");
        Assert.Contains($"over redis at {redis.Url}", await overRedis.WaitForErrorAsync("subscribed to"), StringComparison.Ordinal);

        // The bridge takes Redis in once it holds its lease: publish until the SSE tail has the message.
        var fromRedis = await CliProcess.RunAsync(["publish", "board:from-redis", "bridged", "1", "--url", redis.Url]);
        Assert.Equal((0, "published board:from-redis (the redis transport assigns no position)\n"), (fromRedis.ExitCode, fromRedis.Output));
        var received = overHttp.NextOutputLineAsync();
        var deadline = DateTime.UtcNow + Eventually.DefaultTimeout;
        while (await Task.WhenAny(received, Task.Delay(250)) != received && DateTime.UtcNow < deadline)
        {
            Assert.Equal(0, (await CliProcess.RunAsync(["publish", "board:from-redis", "bridged", "1", "--url", redis.Url])).ExitCode);
        }

        Assert.StartsWith("""{"channel":"board:from-redis","event":"bridged","data":1,"timestamp":""", await received, StringComparison.Ordinal);

        var fromHttp = await CliProcess.RunAsync(["publish", "other:from-http", "bridged", "2", "--url", url]);
        Assert.Equal(0, fromHttp.ExitCode);
        Assert.StartsWith("""{"channel":"other:from-http","event":"bridged","data":2,"timestamp":""", await overRedis.NextOutputLineAsync(), StringComparison.Ordinal);
    }
}
