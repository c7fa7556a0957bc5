using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Photon.Gateway.Redis;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Interop;

/// <summary>The real RedisBroker of @portel/photon-core 2.17.6 (ioredis), unchanged, through the gateway's Redis bridge.</summary>
[Trait("Category", "Interop")]
public sealed class TypeScriptRedisBrokerTests
{
    [Fact]
    public async Task The_TypeScript_RedisBroker_receives_what_HTTP_publishers_send_and_publishes_to_SSE_subscribers()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Redis:Url"] = redis.Url });
        await Eventually.TrueAsync(() => gateway.Services.GetRequiredService<RedisBridge>().IsBridging, "the gateway bridges");
        await using var sse = await SseTestClient.ConnectAsync(gateway.Client, "/subscribe?channel=tso:out");
        await Eventually.TrueAsync(() => gateway.SubscribersOf("tso:out") == 1, "the stream is live");
        await using var script = NodeScript.Start("redis-broker.mjs", redis.Url, "tsr:*", "tso:out", "2");
        Assert.Equal("tsr:*", (await script.NextLineAsync()).GetProperty("subscribed").GetString());

        await gateway.Client.PublishAsync("tsr:in", "task-moved", """{"taskId":"1"}""");
        await gateway.Client.PublishAsync("tsr:in", "zero", "0");

        Assert.Equal(PublishHelpers.Expected("tsr:in", "task-moved", """{"taskId":"1"}"""), (await script.NextLineAsync()).GetProperty("received").GetRawText());
        Assert.Equal(PublishHelpers.Expected("tsr:in", "zero", "0"), (await script.NextLineAsync()).GetProperty("received").GetRawText());
        Assert.Equal(2, (await script.NextLineAsync()).GetProperty("published").GetInt32());
        Assert.Equal(0, await script.WaitForExitAsync());

        var moved = JsonDocument.Parse((await sse.NextEventAsync()).Data).RootElement;
        Assert.Equal("task-moved", moved.GetProperty("event").GetString());
        Assert.Equal("""{"taskId":"123"}""", moved.GetProperty("data").GetRawText());
        Assert.Equal("null", JsonDocument.Parse((await sse.NextEventAsync()).Data).RootElement.GetProperty("data").GetRawText());
    }
}
