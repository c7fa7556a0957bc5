using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests;

/// <summary>A gateway in client mode joins the silo another process hosts; messages cross between the two gateways.</summary>
public sealed class ClusterModeTests
{
    [Fact]
    public async Task A_client_mode_gateway_shares_channels_with_the_gateway_that_hosts_the_silo()
    {
        var cluster = TwoGatewayCluster.Create();
        await using var hosting = await GatewayHost.StartAsync(cluster.Hosting);
        await using var client = await GatewayHost.StartAsync(cluster.Joining);

        await using var onClient = await SseTestClient.ConnectAsync(client.Client, "/subscribe?channel=cross:a");
        await using var onHost = await SseTestClient.ConnectAsync(hosting.Client, "/subscribe?channel=cross:a");
        await Eventually.TrueAsync(() => client.SubscribersOf("cross:a") == 1 && hosting.SubscribersOf("cross:a") == 1, "both streams are live");

        var fromHost = await hosting.Client.PublishAsync("cross:a", "from-host");
        var fromClient = await client.Client.PublishAsync("cross:a", "from-client");

        foreach (var subscriber in new[] { onClient, onHost })
        {
            Assert.Equal((fromHost, PublishHelpers.Expected("cross:a", "from-host")), (await subscriber.NextEventAsync()).IdAndData());
            Assert.Equal((fromClient, PublishHelpers.Expected("cross:a", "from-client")), (await subscriber.NextEventAsync()).IdAndData());
        }
    }
}
