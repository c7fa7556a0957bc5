using Microsoft.Extensions.DependencyInjection;
using Photon.Channels;
using Photon.Gateway.Fanout;
using Photon.Gateway.Http;
using Photon.Gateway.Tests.Helpers;
using Photon.Grains.Contracts;
using Photon.Testing;

namespace Photon.Gateway.Tests.Fanout;

/// <summary>A source that silently stops delivering to the gateway is noticed at the next stall check and repaired from history.</summary>
public sealed class StalledStreamTests
{
    private static readonly Dictionary<string, string?> FastStallCheck = new() { ["Photon:Gateway:StallCheckInterval"] = "00:00:00.2" };

    [Fact]
    public async Task A_grain_that_dropped_the_gateway_is_repaired_from_history_and_attached_anew()
    {
        const string channel = "stall:attached";
        await using var gateway = await GatewayHost.StartAsync(FastStallCheck);
        await using var stream = await SseTestClient.ConnectAsync(gateway.Client, $"/subscribe?channel={channel}");
        await Eventually.TrueAsync(() => gateway.SubscribersOf(channel) == 1, "the stream is live");
        var first = await gateway.Client.PublishAsync(channel, "e1");
        Assert.Equal(first, await NextIdAsync(stream, channel));

        // What a grain reactivated on another silo does: it no longer knows the gateway's observer.
        var grains = gateway.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IChannelGrain>(channel).DetachAsync(gateway.Services.GetRequiredService<ChannelFanout>().Observer);

        await AssertMissedThenLiveAsync(gateway, stream, channel);
    }

    [Fact]
    public async Task A_pattern_stream_that_stops_delivering_is_repaired_from_history_and_subscribed_anew()
    {
        const string channel = "stallpattern:a";
        await using var gateway = await GatewayHost.StartAsync(FastStallCheck);
        await using var stream = await SseTestClient.ConnectAsync(gateway.Client, "/subscribe?channel=stallpattern:*");
        await Eventually.TrueAsync(() => gateway.SubscribersOf("stallpattern:*") == 1, "the stream is live");
        var first = await gateway.Client.PublishAsync(channel, "e1");
        Assert.Equal(first, await NextIdAsync(stream, channel));

        // What a failed silo's pulling agent did to a gateway: its subscription silently gets nothing more.
        var streams = gateway.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ChannelStreams.ProviderName);
        foreach (var handle in await streams.GetStream<ChannelEventBatch>(ChannelStreams.For(ChannelPattern.Parse("stallpattern:*"))).GetAllSubscriptionHandles())
        {
            await handle.UnsubscribeAsync();
        }

        await AssertMissedThenLiveAsync(gateway, stream, channel);
    }

    private static async Task AssertMissedThenLiveAsync(GatewayHost gateway, SseTestClient stream, string channel)
    {
        var missed = new[] { await gateway.Client.PublishAsync(channel, "e2"), await gateway.Client.PublishAsync(channel, "e3") };
        Assert.Equal(missed[0], await NextIdAsync(stream, channel));
        Assert.Equal(missed[1], await NextIdAsync(stream, channel));

        // Connected anew: later messages arrive live again, once each.
        var live = await gateway.Client.PublishAsync(channel, "e4");
        Assert.Equal(live, await NextIdAsync(stream, channel));
        var after = await gateway.Client.PublishAsync(channel, "e5");
        Assert.Equal(after, await NextIdAsync(stream, channel));
    }

    /// <summary>The position of the next message of <paramref name="channel"/>; on a pattern stream the id is a cursor of positions.</summary>
    private static async Task<string> NextIdAsync(SseTestClient stream, string channel)
    {
        var id = (await stream.NextEventAsync()).Id!;
        return !id.Contains('=', StringComparison.Ordinal) ? id
            : SseCursor.TryParse(id, [ChannelPattern.Parse(ChannelPattern.PrefixPatternOf(channel)!)], out var positions) ? positions[channel].ToString()
            : throw new InvalidOperationException($"not a cursor: {id}");
    }
}
