using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Photon.Channels;
using Photon.Channels.Orleans;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Orleans;

/// <summary>A process that hosts a silo (here the gateway's) uses OrleansBroker and meets HTTP clients on the same channels.</summary>
[Collection(GatewayCollection.Name)]
public sealed class OrleansBrokerGatewayTests(GatewayFixture fixture)
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Fact]
    public async Task OrleansBroker_receives_what_HTTP_publishes_and_SSE_receives_what_it_publishes()
    {
        await using var broker = new OrleansBroker(new OrleansBrokerOptions { Cluster = _gateway.Services.GetRequiredService<IClusterClient>() });
        var received = new ConcurrentQueue<ChannelMessage>();
        await using var subscription = await broker.SubscribeAsync("mixed:a", (message, _) => { received.Enqueue(message); return ValueTask.CompletedTask; });
        await using var sse = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=mixed:a");

        var fromHttp = await _gateway.Client.PublishAsync("mixed:a", "from-http", """{"k":[1, 2]}""");
        var fromBroker = await broker.PublishAsync(new ChannelMessage { Channel = "mixed:a", Event = "from-orleans", Data = JsonSerializer.SerializeToElement(5), Timestamp = 1700000000000 });

        await Eventually.TrueAsync(() => received.Count == 2, "both messages reach the broker's subscriber");
        Assert.Equal(["from-http", "from-orleans"], received.Select(m => m.Event));
        Assert.Equal("""{"k":[1, 2]}""", received.First().Data.GetRawText());
        Assert.Equal((fromHttp, PublishHelpers.Expected("mixed:a", "from-http", """{"k":[1, 2]}""")), (await sse.NextEventAsync()).IdAndData());
        Assert.Equal((fromBroker.ToString(), PublishHelpers.Expected("mixed:a", "from-orleans", "5")), (await sse.NextEventAsync()).IdAndData());
    }
}
