using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task A_stopping_gateway_sends_event_streams_a_retry_hint_and_a_disconnect_event()
    {
        var gateway = await GatewayHost.StartAsync();
        using var client = new HttpClient { BaseAddress = gateway.BaseAddress };
        await using var stream = await SseTestClient.ConnectAsync(client, "/subscribe?channel=stop:sse");
        Assert.Equal("retry: 2000", await stream.NextFrameAsync());
        await stream.NextFrameAsync();
        await Eventually.TrueAsync(() => gateway.SubscribersOf("stop:sse") == 1, "the stream is live");
        var id = await client.PublishAsync("stop:sse", "last");
        Assert.Equal($"id: {id}\ndata: {PublishHelpers.Expected("stop:sse", "last")}", await stream.NextFrameAsync());

        await gateway.DisposeAsync();

        Assert.Equal("retry: 2000", await stream.NextFrameAsync());
        Assert.Equal(
            """event: disconnect""" + "\n" + """data: {"reason":"shutdown","message":"the gateway is shutting down; reconnect with the last event id to resume"}""",
            await stream.NextFrameAsync());

        // Not a clean end of the response: the TypeScript HttpBroker reconnects only after an error.
        var end = await Assert.ThrowsAnyAsync<IOException>(() => stream.NextFrameAsync());
        Assert.IsNotType<EndOfStreamException>(end);
    }
}
