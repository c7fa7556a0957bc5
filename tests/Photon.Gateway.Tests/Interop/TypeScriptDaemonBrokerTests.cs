using System.Text.Json;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Interop;

/// <summary>The real DaemonBroker of @portel/photon-core 2.17.6, unchanged, against the gateway's daemon socket.</summary>
[Trait("Category", "Interop")]
public sealed class TypeScriptDaemonBrokerTests
{
    [Fact]
    public async Task The_TypeScript_DaemonBroker_receives_what_HTTP_publishers_send_and_publishes_to_SSE_subscribers()
    {
        var socketDirectory = Path.Combine(Path.GetTempPath(), $"photon-{Guid.NewGuid():N}"[..16]);
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Photon:Daemon:SocketDirectory"] = socketDirectory,
            ["Photon:Daemon:Names"] = "kanban",
        });
        await using var sse = await SseTestClient.ConnectAsync(gateway.Client, "/subscribe?channel=kanban:out");
        await using var script = NodeScript.Start("daemon-broker.mjs", socketDirectory, "kanban", "kanban:in", "kanban:out", "2");

        // The TypeScript subscribe resolves on the daemon's result line: the subscription is live by then.
        Assert.Equal("kanban:in", (await script.NextLineAsync()).GetProperty("subscribed").GetString());
        await gateway.Client.PublishAsync("kanban:in", "task-moved", """{"taskId":"1"}""");
        await gateway.Client.PublishAsync("kanban:in", "zero", "0");

        var first = (await script.NextLineAsync()).GetProperty("received");
        Assert.Equal("kanban:in", first.GetProperty("channel").GetString());
        Assert.Equal("task-moved", first.GetProperty("event").GetString());
        Assert.Equal("""{"taskId":"1"}""", first.GetProperty("data").GetRawText());
        Assert.Equal(1700000000000, first.GetProperty("timestamp").GetInt64());
        Assert.Equal("zero", (await script.NextLineAsync()).GetProperty("received").GetProperty("event").GetString());

        Assert.Equal(2, (await script.NextLineAsync()).GetProperty("published").GetInt32());
        Assert.Equal(0, await script.WaitForExitAsync());

        var moved = JsonDocument.Parse((await sse.NextEventAsync()).Data).RootElement;
        Assert.Equal("task-moved", moved.GetProperty("event").GetString());
        Assert.Equal("""{"taskId":"123","column":"Done"}""", moved.GetProperty("data").GetRawText());
        Assert.Equal("kanban", moved.GetProperty("source").GetString());
        var falsy = JsonDocument.Parse((await sse.NextEventAsync()).Data).RootElement;
        Assert.Equal("false", falsy.GetProperty("data").GetRawText());
    }
}
