using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Photon.Channels;
using Photon.Gateway.Tests.Helpers;
using Photon.Grains.Contracts;
using Photon.Testing;

namespace Photon.Gateway.Tests.Fanout;

public sealed class TinyQueueGatewayFixture : GatewayFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Photon:Gateway:SubscriberQueueMessages"] = "16",
        ["Photon:Channels:HistoryMaxCount"] = "10000",
    };
}

/// <summary>
/// A connection whose queue overflows is told why, is cut, is counted, and loses nothing when it resumes. The
/// queue holds 16 messages; bursts of 200 concurrent publishes reach the gateway in batches of many more.
/// </summary>
public sealed class SlowConsumerNoticeTests(TinyQueueGatewayFixture fixture) : IClassFixture<TinyQueueGatewayFixture>
{
    private const int Burst = 200;
    private const string Notice = "the connection fell behind by more than 16 messages or 16777216 bytes and was closed; reconnect with the last event id to resume";
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Fact]
    public async Task An_event_stream_gets_a_disconnect_event_and_resumes_from_its_last_id_without_loss()
    {
        const string channel = "notice:sse";
        using var metrics = new MetricCollector(_gateway, "photon.gateway.slow_consumer_disconnects");
        await using var stream = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}");
        Assert.Equal("retry: 2000", await stream.NextFrameAsync());
        var start = ChannelPosition.Parse((await stream.NextFrameAsync())["id: ".Length..]);
        await Eventually.TrueAsync(() => _gateway.SubscribersOf(channel) == 1, "the stream is live");

        var published = 0;
        var received = 0;
        while (true)
        {
            published += await PublishBurstAsync(channel);
            var notice = await ReadUntilAsync(
                () => received == published,
                async () =>
                {
                    var next = await stream.NextEventAsync();
                    if (next.Event is null)
                    {
                        Assert.Equal(new ChannelPosition(start.Epoch, ++received).ToString(), next.Id);
                    }

                    return next;
                },
                next => next.Event is not null);
            if (notice.Event is not null)
            {
                Assert.Equal("disconnect", notice.Event);
                Assert.Equal($$"""{"reason":"slow_consumer","message":"{{Notice}}"}""", notice.Data);
                break;
            }

            Assert.True(published < 20 * Burst, "bursts of 200 never overflowed a queue of 16");
        }

        await Assert.ThrowsAnyAsync<Exception>(() => stream.NextFrameAsync());
        Assert.Equal(1, metrics.Total(("transport", "sse")));

        // Resuming from the last id it saw, the client gets the rest, once each, in order.
        var lastId = new ChannelPosition(start.Epoch, received).ToString();
        await using var resumed = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}", lastEventId: lastId);
        Assert.Equal("retry: 2000", await resumed.NextFrameAsync());
        Assert.Equal($"id: {lastId}", await resumed.NextFrameAsync());
        for (var next = received + 1; next <= published; next++)
        {
            Assert.Equal(new ChannelPosition(start.Epoch, next).ToString(), (await resumed.NextEventAsync()).Id);
        }
    }

    [Fact]
    public async Task A_daemon_connection_gets_an_error_line_with_the_reason_and_resumes_without_loss()
    {
        const string channel = "notice:daemon";
        using var metrics = new MetricCollector(_gateway, "photon.gateway.slow_consumer_disconnects");
        await using var client = await DaemonTestClient.ConnectAsync(_gateway.SocketPath());
        var subscribed = await client.SubscribeAsync(channel);
        var start = ChannelPosition.Parse(subscribed[^1].GetProperty("data").GetProperty("eventId").GetString()!);

        var published = 0;
        var received = 0;
        while (true)
        {
            published += await PublishBurstAsync(channel);
            var notice = await ReadUntilAsync(
                () => received == published,
                async () =>
                {
                    var next = await client.ReadJsonAsync();
                    if (next.GetProperty("type").GetString() == "channel_message")
                    {
                        Assert.Equal(new ChannelPosition(start.Epoch, ++received).ToString(), next.GetProperty("eventId").GetString()!);
                    }

                    return next;
                },
                next => next.GetProperty("type").GetString() != "channel_message");
            if (notice.ValueKind != JsonValueKind.Undefined)
            {
                Assert.Equal($$"""{"type":"error","id":"unknown","error":"{{Notice}}","reason":"slow_consumer"}""", notice.GetRawText());
                break;
            }

            Assert.True(published < 20 * Burst, "bursts of 200 never overflowed a queue of 16");
        }

        Assert.Null(await client.ReadLineAsync());
        Assert.Equal(1, metrics.Total(("transport", "socket")));

        await using var resumed = await DaemonTestClient.ConnectAsync(_gateway.SocketPath());
        var lines = await resumed.SubscribeAsync(channel, lastEventId: new ChannelPosition(start.Epoch, received).ToString());
        var replayed = lines.Where(l => l.GetProperty("type").GetString() == "channel_message").Select(l => l.GetProperty("eventId").GetString()!);
        Assert.Equal(
            Enumerable.Range(received + 1, published - received).Select(i => new ChannelPosition(start.Epoch, i).ToString()),
            replayed);
    }

    /// <summary>Reads with <paramref name="read"/> until <paramref name="caughtUp"/> or until what it read <paramref name="isNotice"/>.</summary>
    private static async Task<T?> ReadUntilAsync<T>(Func<bool> caughtUp, Func<Task<T>> read, Func<T, bool> isNotice)
    {
        while (!caughtUp())
        {
            var item = await read();
            if (isNotice(item))
            {
                return item;
            }
        }

        return default;
    }

    private async Task<int> PublishBurstAsync(string channel)
    {
        var grain = _gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IChannelGrain>(channel);
        var payload = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { channel, @event = "burst" }));
        await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => grain.PublishAsync(payload).AsTask()));
        return Burst;
    }
}
