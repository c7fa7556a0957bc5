using System.Text;
using Orleans.TestingHost;
using Photon.Grains.Contracts;
using Photon.Grains.Tests.Helpers;
using Photon.Testing;

namespace Photon.Grains.Tests.Statistics;

/// <summary>Channel activity reaches the directory through each silo's collector.</summary>
[Collection(OwnClusterCollection.Name)]
public sealed class ChannelDirectoryTests : IAsyncLifetime
{
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await PhotonTestCluster.StartAsync(silos: 2, new Dictionary<string, string?> { ["Photon:Statistics:ReportInterval"] = "00:00:00.1" });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Channels_of_a_two_silo_cluster_are_listed_with_their_heads()
    {
        // Forty channels, placed by Orleans over both silos; channel i gets i + 1 messages.
        var channels = Enumerable.Range(0, 40).Select(i => $"directory:c{i:00}").ToArray();
        var heads = await Task.WhenAll(channels.Select(async (channel, i) =>
        {
            var grain = _cluster.Client.GetGrain<IChannelGrain>(channel);
            var last = default(Photon.Channels.ChannelPosition);
            for (var n = 0; n <= i; n++)
            {
                last = await grain.PublishAsync(Encoding.UTF8.GetBytes($"{n}"));
            }

            return last;
        }));

        var directory = _cluster.Client.GetGrain<IChannelDirectoryGrain>(IChannelDirectoryGrain.Key);
        ChannelListing listing = null!;
        await Eventually.TrueAsync(
            async () => (listing = await directory.GetChannelsAsync("directory:*")).Channels.Length == channels.Length
                && listing.Channels.All(c => c.Published == heads[Array.IndexOf(channels, c.Channel)].Sequence),
            "every channel is listed at its head");
        Assert.Equal(channels, listing.Channels.Select(c => c.Channel));
        Assert.Equal(heads, listing.Channels.Select(c => c.Head!.Value));
    }
}
