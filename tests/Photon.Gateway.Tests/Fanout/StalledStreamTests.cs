using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Photon.Channels;
using Photon.Gateway.Tests.Helpers;
using Photon.Grains.Contracts;
using Photon.Testing;

namespace Photon.Gateway.Tests.Fanout;

public sealed class StalledStreamTests
{
    [Fact]
    public async Task A_stream_that_stops_delivering_to_the_gateway_is_repaired_from_history_and_subscribed_anew()
    {
        const string channel = "stall:a";
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Gateway:StallCheckInterval"] = "00:00:00.2" });
        await using var stream = await SseTestClient.ConnectAsync(gateway.Client, $"/subscribe?channel={channel}");
        await Eventually.TrueAsync(() => gateway.SubscribersOf(channel) == 1, "the stream is live");
        var first = await gateway.Client.PublishAsync(channel, "e1");
        Assert.Equal(first, await NextIdAsync(stream));

        // What a failed silo's pulling agent did to a gateway: its subscription silently gets nothing more.
        var streams = gateway.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ChannelStreams.ProviderName);
        foreach (var handle in await streams.GetStream<ChannelEventBatch>(ChannelStreams.For(ChannelPattern.Parse(channel))).GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }

        var missed = new[] { await gateway.Client.PublishAsync(channel, "e2"), await gateway.Client.PublishAsync(channel, "e3") };
        Assert.Equal(missed[0], await NextIdAsync(stream));
        Assert.Equal(missed[1], await NextIdAsync(stream));

        // Subscribed anew: later messages arrive live again, once each.
        var live = await gateway.Client.PublishAsync(channel, "e4");
        Assert.Equal(live, await NextIdAsync(stream));
        var after = await gateway.Client.PublishAsync(channel, "e5");
        Assert.Equal(after, await NextIdAsync(stream));
    }

    private static async Task<string?> NextIdAsync(SseTestClient stream) => (await stream.NextEventAsync()).Id;
}
