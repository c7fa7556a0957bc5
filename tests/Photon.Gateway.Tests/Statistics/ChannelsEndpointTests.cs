using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Photon.Channels.Wire;
using Photon.Gateway.Tests.Helpers;
using Photon.Grains.Contracts;
using Photon.Testing;

namespace Photon.Gateway.Tests.Statistics;

/// <summary><c>GET /channels</c>: subscribers by transport across the cluster's gateways, publishes, rate and head, from the grains.</summary>
public sealed class ChannelsEndpointTests
{
    [Fact]
    public async Task A_channel_is_listed_with_its_subscribers_by_transport_its_publishes_and_head()
    {
        await using var gateway = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics());
        var channel = $"stats:{Guid.NewGuid():N}";
        await using var sse1 = await SseTestClient.ConnectAsync(gateway.Client, $"/subscribe?channel={channel}");
        await using var sse2 = await SseTestClient.ConnectAsync(gateway.Client, $"/subscribe?channel={channel}");
        await using var socket = await DaemonTestClient.ConnectAsync(gateway.SocketPath());
        await socket.SubscribeAsync(channel);
        string last = "";
        for (var i = 0; i < 3; i++)
        {
            last = await gateway.Client.PublishAsync(channel, "counted", i.ToString(CultureInfo.InvariantCulture));
        }

        var listed = await gateway.Client.WaitForChannelAsync(channel, c => c.Published == 3 && c.SubscriberCount == 3, "has 3 publishes and 3 subscribers");

        Assert.Equal(new TransportCounts(2, 1, 0), listed.Subscribers);
        Assert.Equal(last, listed.Head);
        Assert.True(listed.MessagesPerSecond > 0, $"rate {listed.MessagesPerSecond}");
    }

    [Fact]
    public async Task The_answer_has_the_documented_shape_sorted_by_channel_and_filtered_by_pattern()
    {
        await using var gateway = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics());
        var prefix = $"sorted{Guid.NewGuid():N}";
        await gateway.Client.PublishAsync($"{prefix}:b", "e");
        await gateway.Client.PublishAsync($"{prefix}:a", "e");
        await gateway.Client.PublishAsync($"other{prefix}:a", "e");
        await using var wildcard = await SseTestClient.ConnectAsync(gateway.Client, $"/subscribe?channel={prefix}:*");

        ChannelList list = null!;
        await Eventually.TrueAsync(async () => (list = await gateway.Client.GetChannelsAsync($"{prefix}:*")).Channels.Count == 2 && list.Patterns.Count == 1, "both channels and the pattern are listed");

        Assert.Equal([$"{prefix}:a", $"{prefix}:b"], list.Channels.Select(c => c.Channel));
        Assert.All(list.Channels, c => Assert.Equal(new TransportCounts(1, 0, 0), c.Subscribers));
        Assert.Equal(new PatternSummary($"{prefix}:*", new TransportCounts(1, 0, 0)), Assert.Single(list.Patterns));

        using var raw = await gateway.Client.GetAsync($"/channels?pattern={prefix}:a");
        var json = await raw.Content.ReadAsStringAsync();
        Assert.Matches("""^\{"channels":\[\{"channel":"[^"]+","subscribers":\{"sse":1,"socket":0,"redis":0\},"published":1,"messagesPerSecond":[0-9.]+,"head":"[0-9a-f]+-1","subscriberCount":1\}\],"patterns":\[\]\}$""", json);

        using var bad = await gateway.Client.GetAsync("/channels?pattern=a*b");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Subscribers_are_counted_across_the_gateways_of_a_cluster_and_a_stopped_gateway_stops_counting()
    {
        var cluster = TwoGatewayCluster.Create();
        await using var hosting = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics(cluster.Hosting));
        var client = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics(cluster.Joining));
        var channel = $"cross:{Guid.NewGuid():N}";
        try
        {
            await using var onHost = await SseTestClient.ConnectAsync(hosting.Client, $"/subscribe?channel={channel}");
            await using var onClient = await SseTestClient.ConnectAsync(client.Client, $"/subscribe?channel={channel}");
            await using var socketOnClient = await DaemonTestClient.ConnectAsync(client.SocketPath());
            await socketOnClient.SubscribeAsync(channel);

            var seenFromHost = await hosting.Client.WaitForChannelAsync(channel, c => c.SubscriberCount == 3, "has 3 subscribers on two gateways");
            var seenFromClient = await client.Client.WaitForChannelAsync(channel, c => c.SubscriberCount == 3, "has 3 subscribers on two gateways");
            Assert.Equal(new TransportCounts(2, 1, 0), seenFromHost.Subscribers);
            Assert.Equal(seenFromHost.Subscribers, seenFromClient.Subscribers);
        }
        finally
        {
            await client.DisposeAsync();
        }

        var after = await hosting.Client.WaitForChannelAsync(channel, c => c.SubscriberCount == 1, "is down to the hosting gateway's subscriber");
        Assert.Equal(new TransportCounts(1, 0, 0), after.Subscribers);
    }

    [Fact]
    public async Task A_gateway_that_stops_reporting_stops_being_counted_when_its_report_runs_out()
    {
        await using var gateway = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics());
        var channel = $"stale:{Guid.NewGuid():N}";
        var directory = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IChannelDirectoryGrain>(IChannelDirectoryGrain.Key);

        // A gateway in another process that reports once and then dies without a word.
        await directory.ReportGatewayAsync(new GatewaySubscriptions(
            "dead-gateway", new Dictionary<string, SubscriberCounts> { [channel] = new(4, 2, 0) }, TimeSpan.FromSeconds(2)));

        var listed = Assert.Single((await gateway.Client.GetChannelsAsync(channel)).Channels);
        Assert.Equal(new TransportCounts(4, 2, 0), listed.Subscribers);
        await Eventually.TrueAsync(async () => (await gateway.Client.GetChannelsAsync(channel)).Channels.Count == 0, "the dead gateway's report ran out");
    }

    [Fact]
    public async Task The_rate_falls_to_zero_once_a_whole_window_passes_without_a_publish()
    {
        await using var gateway = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics());
        var channel = $"rate:{Guid.NewGuid():N}";
        await using var subscriber = await SseTestClient.ConnectAsync(gateway.Client, $"/subscribe?channel={channel}");
        for (var i = 0; i < 5; i++)
        {
            await gateway.Client.PublishAsync(channel, "tick");
        }

        await gateway.Client.WaitForChannelAsync(channel, c => c.Published == 5 && c.MessagesPerSecond > 0, "reports its 5 publishes and a rate");
        var idle = await gateway.Client.WaitForChannelAsync(channel, c => c.MessagesPerSecond == 0, "has a rate of 0 after a quiet window");
        Assert.Equal(5, idle.Published);
    }

    [Fact]
    public async Task A_scoped_token_sees_only_the_channels_it_may_subscribe_to()
    {
        const string boardToken = "board-token-0123456789abcdef";
        await using var gateway = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics(new Dictionary<string, string?>
        {
            ["Photon:Gateway:Tokens:admin:Token"] = "admin-token-0123456789abcdef",
            ["Photon:Gateway:Tokens:admin:Publish"] = "*",
            ["Photon:Gateway:Tokens:admin:Subscribe"] = "*",
            ["Photon:Gateway:Tokens:board:Token"] = boardToken,
            ["Photon:Gateway:Tokens:board:Subscribe"] = "board:*",
        }));
        var suffix = Guid.NewGuid().ToString("N");
        await gateway.Client.PublishAsync($"board:{suffix}", "e", token: "admin-token-0123456789abcdef");
        await gateway.Client.PublishAsync($"secret:{suffix}", "e", token: "admin-token-0123456789abcdef");
        await Eventually.TrueAsync(
            async () => (await gateway.Client.GetChannelsAsync(token: "admin-token-0123456789abcdef")).Channels.Count(c => c.Channel.EndsWith(suffix, StringComparison.Ordinal)) == 2,
            "both channels are listed for the admin");

        var seen = await gateway.Client.GetChannelsAsync(token: boardToken);
        Assert.Equal([$"board:{suffix}"], seen.Channels.Select(c => c.Channel));
        using var anonymous = await gateway.Client.GetAsync("/channels");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
