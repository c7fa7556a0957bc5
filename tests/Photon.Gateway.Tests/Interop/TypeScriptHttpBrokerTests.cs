using System.Text.Json;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Interop;

/// <summary>The real HttpBroker of @portel/photon-core 2.17.6, unchanged, against the gateway.</summary>
[Collection(GatewayCollection.Name)]
[Trait("Category", "Interop")]
public sealed class TypeScriptHttpBrokerTests(GatewayFixture fixture)
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Fact]
    public async Task The_TypeScript_HttpBroker_receives_what_HTTP_publishers_send_and_publishes_to_SSE_subscribers()
    {
        await using var csharpSubscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=ts:outbound");
        await using var script = NodeScript.Start("http-broker.mjs", _gateway.BaseAddress.ToString(), "ts:inbound", "ts:outbound", "4");
        Assert.Equal("ts:inbound", (await script.NextLineAsync()).GetProperty("subscribed").GetString());

        // The TypeScript client opens its stream in the background: wait until the gateway holds it.
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("ts:inbound") == 1, "the TypeScript subscriber is connected");
        await _gateway.Client.PublishAsync("ts:inbound", "task-moved", """{"taskId":"1"}""");
        await _gateway.Client.PublishAsync("ts:inbound", "zero", "0");
        await _gateway.Client.PublishAsync("ts:inbound", "false", "false");
        await _gateway.Client.PublishAsync("ts:inbound", "null", "null");

        string[] expected = [
            PublishHelpers.Expected("ts:inbound", "task-moved", """{"taskId":"1"}"""),
            PublishHelpers.Expected("ts:inbound", "zero", "0"),
            PublishHelpers.Expected("ts:inbound", "false", "false"),
            PublishHelpers.Expected("ts:inbound", "null", "null"),
        ];
        foreach (var message in expected)
        {
            Assert.Equal(message, (await script.NextLineAsync()).GetProperty("received").GetRawText());
        }

        Assert.Equal(3, (await script.NextLineAsync()).GetProperty("published").GetInt32());
        Assert.Equal(0, await script.WaitForExitAsync());

        var moved = Parse((await csharpSubscriber.NextEventAsync()).Data);
        Assert.Equal("ts:outbound", moved.GetProperty("channel").GetString());
        Assert.Equal("task-moved", moved.GetProperty("event").GetString());
        Assert.Equal("""{"taskId":"123","column":"Done"}""", moved.GetProperty("data").GetRawText());
        Assert.Equal("KanbanMCP", moved.GetProperty("source").GetString());
        Assert.True(moved.GetProperty("timestamp").GetInt64() > 1_700_000_000_000);

        var falsy = Parse((await csharpSubscriber.NextEventAsync()).Data);
        Assert.Equal("0", falsy.GetProperty("data").GetRawText());

        var noData = Parse((await csharpSubscriber.NextEventAsync()).Data);
        Assert.Equal("no-data", noData.GetProperty("event").GetString());
        Assert.False(noData.TryGetProperty("data", out _));
    }

    [Fact]
    public async Task The_TypeScript_HttpBroker_comes_back_by_itself_after_the_gateway_restarts()
    {
        // Its own gateways, one after the other on one port: the TypeScript client reconnects to the same URL.
        var url = new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{FreePort.Next()}" };
        var first = await GatewayHost.StartAsync(url);
        await using var script = NodeScript.Start("http-broker.mjs", first.BaseAddress.ToString(), "ts:restart", "ts:after-restart", "2");
        Assert.Equal("ts:restart", (await script.NextLineAsync()).GetProperty("subscribed").GetString());
        await Eventually.TrueAsync(() => first.SubscribersOf("ts:restart") == 1, "the TypeScript subscriber is connected");
        await first.Client.PublishAsync("ts:restart", "before");
        Assert.Equal(PublishHelpers.Expected("ts:restart", "before"), (await script.NextLineAsync()).GetProperty("received").GetRawText());

        await first.DisposeAsync();
        await using var second = await GatewayHost.StartAsync(url);

        // It reopens a stream only after an error (5 s later); a cleanly ended stream it would never reopen.
        await Eventually.TrueAsync(() => second.SubscribersOf("ts:restart") == 1, "the TypeScript subscriber is back", TimeSpan.FromSeconds(20));
        await second.Client.PublishAsync("ts:restart", "after");
        Assert.Equal(PublishHelpers.Expected("ts:restart", "after"), (await script.NextLineAsync()).GetProperty("received").GetRawText());
        Assert.Equal(3, (await script.NextLineAsync()).GetProperty("published").GetInt32());
        Assert.Equal(0, await script.WaitForExitAsync());
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
