using System.Collections.Concurrent;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Http;
using Photon.Channels.Tests.Helpers;
using Photon.Testing;

namespace Photon.Channels.Tests.Http;

public sealed class HttpBrokerTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    private HttpBroker Broker(Uri? baseAddress = null, string? token = null) => new(new HttpBrokerOptions
    {
        PublishUrl = new Uri(baseAddress ?? _gateway.BaseAddress, "/publish"),
        SubscribeUrl = new Uri(baseAddress ?? _gateway.BaseAddress, "/subscribe"),
        AuthToken = token,
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
    });

    private static ChannelMessage Message(string channel, string eventName, string data = "null") =>
        new() { Channel = channel, Event = eventName, Data = JsonDocument.Parse(data).RootElement };

    [Fact]
    public async Task A_subscriber_receives_what_is_published_with_every_field()
    {
        await using var broker = Broker();
        var received = new ConcurrentQueue<ChannelMessage>();
        await using var subscription = await broker.SubscribeAsync("http:basic", received.Enqueue);
        Assert.True(subscription.IsActive);

        var position = await broker.PublishAsync(Message("http:basic", "task-moved", """{"taskId":"1"}""") with { Source = "KanbanMCP" });

        Assert.NotNull(position);
        Assert.Equal(1, position.Value.Sequence);
        await Eventually.TrueAsync(() => received.Count == 1, "the message arrives");
        var message = Assert.Single(received);
        Assert.Equal("http:basic", message.Channel);
        Assert.Equal("task-moved", message.Event);
        Assert.Equal("""{"taskId":"1"}""", message.Data.GetRawText());
        Assert.Equal("KanbanMCP", message.Source);
        Assert.NotNull(message.Timestamp);
    }

    [Fact]
    public async Task Handlers_of_one_channel_share_one_stream_and_each_is_called()
    {
        await using var broker = Broker();
        var first = new ConcurrentQueue<string>();
        var second = new ConcurrentQueue<string>();
        var a = await broker.SubscribeAsync("http:shared", m => first.Enqueue(m.Event));
        var b = await broker.SubscribeAsync("http:shared", m => second.Enqueue(m.Event));
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("http:shared") == 1, "one stream is live");

        await broker.PublishAsync(Message("http:shared", "one"));
        await Eventually.TrueAsync(() => first.Count == 1 && second.Count == 1, "both handlers get the message");

        await a.DisposeAsync();
        Assert.False(a.IsActive);
        await broker.PublishAsync(Message("http:shared", "two"));
        await Eventually.TrueAsync(() => second.Count == 2, "the remaining handler gets the next message");
        Assert.Equal(["one"], first);
        Assert.Equal(1, _gateway.SubscribersOf("http:shared"));

        await b.DisposeAsync();
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("http:shared") == 0, "the last handler closes the stream");
    }

    [Fact]
    public async Task A_broken_stream_is_reopened_with_Last_Event_ID_and_nothing_is_lost_or_repeated()
    {
        await using var proxy = SocketProxy.ForHttp(_gateway.BaseAddress);
        await using var subscriber = Broker(proxy.BaseAddress);
        await using var publisher = Broker();
        var received = new ConcurrentQueue<string>();
        await using var subscription = await subscriber.SubscribeAsync("http:resume", m => received.Enqueue(m.Event));

        await publisher.PublishAsync(Message("http:resume", "e1"));
        await Eventually.TrueAsync(() => received.Count == 1, "the first message arrives");

        proxy.DropConnections();
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("http:resume") == 0, "the gateway sees the stream end");
        for (var i = 2; i <= 5; i++)
        {
            await publisher.PublishAsync(Message("http:resume", $"e{i}"));
        }

        await Eventually.TrueAsync(() => received.Count >= 5, "the missed messages are replayed");
        await publisher.PublishAsync(Message("http:resume", "e6"));
        await Eventually.TrueAsync(() => received.Count >= 6, "live messages follow");
        Assert.Equal(["e1", "e2", "e3", "e4", "e5", "e6"], received);
        Assert.Equal(2, proxy.Accepted);
        Assert.True(subscription.IsActive);
    }

    [Fact]
    public async Task A_stream_broken_before_its_first_message_resumes_from_the_position_it_opened_at()
    {
        // The HttpBroker only remembered ids of delivered messages, so a stream cut before its first message
        // reopened without Last-Event-ID and lost what was published meanwhile (the gateway's retry: 2000 keeps it
        // away for 1.6 s or more, long enough to publish).
        await using var proxy = SocketProxy.ForHttp(_gateway.BaseAddress);
        await using var subscriber = Broker(proxy.BaseAddress);
        await using var publisher = Broker();
        var received = new ConcurrentQueue<string>();
        await using var subscription = await subscriber.SubscribeAsync("http:resume-before-first", m => received.Enqueue(m.Event));

        proxy.DropConnections();
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("http:resume-before-first") == 0, "the gateway sees the stream end");
        for (var i = 1; i <= 3; i++)
        {
            await publisher.PublishAsync(Message("http:resume-before-first", $"e{i}"));
        }

        await Eventually.TrueAsync(() => proxy.Accepted == 2 && _gateway.SubscribersOf("http:resume-before-first") == 1, "the stream is reopened");
        await publisher.PublishAsync(Message("http:resume-before-first", "e4"));
        await Eventually.TrueAsync(() => received.Count >= 4, "the missed messages are replayed, then live ones follow");
        Assert.Equal(["e1", "e2", "e3", "e4"], received);
    }

    [Fact]
    public async Task A_gateway_restart_is_survived_and_the_lost_history_is_reported_as_a_gap()
    {
        var port = FreePort.Next();
        var settings = new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{port}" };
        var gateway = await GatewayHost.StartAsync(settings);
        await using var broker = Broker(gateway.BaseAddress);
        var received = new ConcurrentQueue<string>();
        var gaps = new ConcurrentQueue<ChannelGap>();
        await using var subscription = await broker.SubscribeAsync(
            "http:restart",
            (m, _) => { received.Enqueue(m.Event); return ValueTask.CompletedTask; },
            new ChannelSubscribeOptions { OnGap = gaps.Enqueue });
        await broker.PublishAsync(Message("http:restart", "before"));
        await Eventually.TrueAsync(() => received.Count == 1, "the first message arrives");

        await gateway.DisposeAsync();
        await using var restarted = await GatewayHost.StartAsync(settings);
        await Eventually.TrueAsync(() => restarted.SubscribersOf("http:restart") == 1, "the broker reconnects");
        await broker.PublishAsync(Message("http:restart", "after"));

        await Eventually.TrueAsync(() => received.Count == 2, "messages after the restart arrive");
        Assert.Equal(["before", "after"], received);
        Assert.Equal(ChannelGap.EpochChangedReason, Assert.Single(gaps).Reason);
    }

    [Fact]
    public async Task ReadAllAsync_yields_the_messages_in_order()
    {
        await using var broker = Broker();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var reading = Task.Run(async () =>
        {
            var events = new List<string>();
            await foreach (var message in broker.ReadAllAsync("http:enumerable", cancellationToken: cancel.Token))
            {
                events.Add(message.Event);
                if (events.Count == 3)
                {
                    break;
                }
            }

            return events;
        });
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("http:enumerable") == 1, "the enumeration subscribes");

        foreach (var name in new[] { "a", "b", "c" })
        {
            await broker.PublishAsync(Message("http:enumerable", name));
        }

        Assert.Equal(["a", "b", "c"], await reading);
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("http:enumerable") == 0, "leaving the loop unsubscribes");
    }

    [Fact]
    public async Task A_refused_publish_throws_with_the_server_answer()
    {
        await using var broker = Broker();
        var error = await Assert.ThrowsAsync<ChannelBrokerException>(async () => await broker.PublishAsync(Message("bad*channel", "e")));
        Assert.StartsWith("HTTP publish failed: 400", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_channel", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publishing_to_a_server_that_is_not_there_throws_and_reports_not_connected()
    {
        await using var broker = Broker(new Uri($"http://127.0.0.1:{FreePort.Next()}"));
        await Assert.ThrowsAsync<ChannelBrokerException>(async () => await broker.PublishAsync(Message("http:down", "e")));
        Assert.False(broker.IsConnected);
    }

    [Fact]
    public async Task A_subscription_the_server_refuses_throws()
    {
        await using var broker = Broker();
        await Assert.ThrowsAsync<ArgumentException>(async () => await broker.SubscribeAsync("a*b", _ => { }));

        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Gateway:AuthToken"] = "t" });
        await using var unauthorized = Broker(gateway.BaseAddress, token: "wrong");
        var error = await Assert.ThrowsAsync<ChannelBrokerException>(async () => await unauthorized.SubscribeAsync("http:refused", _ => { }));
        Assert.Contains("401", error.Message, StringComparison.Ordinal);

        await using var authorized = Broker(gateway.BaseAddress, token: "t");
        await using var subscription = await authorized.SubscribeAsync("http:refused", _ => { });
        Assert.True(subscription.IsActive);
    }
}
