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

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
