using System.Text;
using Orleans.TestingHost;
using Photon.Channels;
using Photon.Grains.Contracts;
using Photon.Grains.Tests.Helpers;
using Photon.Testing;

namespace Photon.Grains.Tests;

/// <summary>Channels whose cluster has Redis keep their position and history when their activation goes.</summary>
[Collection(OwnClusterCollection.Name)]
public sealed class DurableChannelTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private InProcessTestCluster _cluster = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        try
        {
            _cluster = await PhotonTestCluster.StartAsync(silos: 1, new Dictionary<string, string?>
            {
                ["Photon:Cluster:RedisUrl"] = _redis.Url,
                ["Photon:Channels:HistoryMaxCount"] = "5",
                ["Photon:Channels:HistoryMaxAge"] = "00:03:00",
            });
        }
        catch
        {
            // A cluster that failed to start must not leave its Redis running.
            await _redis.DisposeAsync();
            throw;
        }
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_reactivated_channel_keeps_its_epoch_sequence_and_history()
    {
        var grain = _cluster.Client.GetGrain<IChannelGrain>("durable:a");
        var positions = new List<ChannelPosition>();
        for (var i = 1; i <= 7; i++)
        {
            positions.Add(await grain.PublishAsync(Encoding.UTF8.GetBytes($"m{i}")));
        }

        await _cluster.DeactivateAsync(grain);
        await _cluster.WaitForDeactivationAsync(grain);

        var next = await grain.PublishAsync(Encoding.UTF8.GetBytes("m8"));
        Assert.Equal(new ChannelPosition(positions[0].Epoch, 8), next);

        var replay = await grain.GetSinceAsync(positions[4], 100);
        Assert.False(replay.IsGap);
        Assert.Equal(["m6", "m7", "m8"], replay.Events.Payloads.Select(Encoding.UTF8.GetString));

        // Only the last five are kept (HistoryMaxCount), in Redis as in memory.
        Assert.Equal(ChannelGap.ExpiredReason, (await grain.GetSinceAsync(positions[1], 100)).GapReason);
    }

    [Fact]
    public async Task A_channels_saved_state_expires_in_Redis_after_the_history_age_without_a_message()
    {
        await _cluster.Client.GetGrain<IChannelGrain>("durable:ttl").PublishAsync(Encoding.UTF8.GetBytes("m"));
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port}");
        foreach (var key in new[] { "photon:channel-state:durable:ttl", "photon:channel-history:durable:ttl" })
        {
            var ttl = await redis.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(3));
        }
    }

    [Fact]
    public async Task Concurrent_publishes_each_wait_for_their_batch_to_be_saved_and_get_consecutive_sequences()
    {
        var grain = _cluster.Client.GetGrain<IChannelGrain>("durable:concurrent");
        var positions = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => grain.PublishAsync(Encoding.UTF8.GetBytes($"{i}")).AsTask()));
        Assert.Equal(Enumerable.Range(1, 500).Select(i => (long)i), positions.Select(p => p.Sequence).Order());

        await _cluster.DeactivateAsync(grain);
        await _cluster.WaitForDeactivationAsync(grain);
        Assert.Equal(new ChannelPosition(positions[0].Epoch, 500), await grain.GetHeadAsync());
    }

    [Fact]
    public async Task Idempotency_keys_are_saved_with_their_batch_and_survive_the_activation()
    {
        var grain = _cluster.Client.GetGrain<IChannelGrain>("durable:keys");
        var original = await grain.PublishOnceAsync("delivery-1", 7, Encoding.UTF8.GetBytes("m1"));
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => grain.PublishOnceAsync($"key-{i}", i, Encoding.UTF8.GetBytes($"k{i}")).AsTask()));
        Assert.All(concurrent, r => Assert.Equal(PublishOnceOutcome.Published, r.Outcome));

        await _cluster.DeactivateAsync(grain);
        await _cluster.WaitForDeactivationAsync(grain);

        Assert.Equal(new ChannelPublishResult(original.Position, PublishOnceOutcome.Duplicate), await grain.PublishOnceAsync("delivery-1", 7, Encoding.UTF8.GetBytes("m1")));
        Assert.Equal(new ChannelPublishResult(concurrent[13].Position, PublishOnceOutcome.Duplicate), await grain.PublishOnceAsync("key-13", 13, Encoding.UTF8.GetBytes("k13")));
        Assert.Equal(PublishOnceOutcome.KeyReused, (await grain.PublishOnceAsync("key-13", 99, Encoding.UTF8.GetBytes("other"))).Outcome);
        Assert.Equal(new ChannelPosition(original.Position.Epoch, 21), await grain.GetHeadAsync());

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port}");
        Assert.Equal(21, await redis.GetDatabase().SortedSetLengthAsync("photon:channel-keys:durable:keys"));
    }

    [Fact]
    public async Task A_keyed_publish_to_an_idle_channel_is_saved_with_its_key_before_it_returns()
    {
        // The case a silo death exposed: the key of the one message that started the flush loop went out with
        // the next batch, so a retry after the silo died was stored a second time.
        var grain = _cluster.Client.GetGrain<IChannelGrain>("durable:idle-key");
        var original = await grain.PublishOnceAsync("only", 5, Encoding.UTF8.GetBytes("m1"));

        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_redis.Port}");
        var saved = await redis.GetDatabase().SortedSetRangeByRankAsync("photon:channel-keys:durable:idle-key");
        Assert.Equal([$"{original.Position} 5 only"], saved.Select(k => (string?)k));

        await _cluster.DeactivateAsync(grain);
        await _cluster.WaitForDeactivationAsync(grain);
        Assert.Equal(new ChannelPublishResult(original.Position, PublishOnceOutcome.Duplicate), await grain.PublishOnceAsync("only", 5, Encoding.UTF8.GetBytes("m1")));
        Assert.Equal(original.Position, await grain.GetHeadAsync());
    }
}
