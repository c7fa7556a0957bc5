using System.Collections.Concurrent;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Daemon;
using Photon.Channels.Emit;
using Photon.Channels.Tests.Helpers;
using Photon.Testing;

namespace Photon.Channels.Tests.Daemon;

public sealed class DaemonBrokerTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    private DaemonBroker Broker(string? socketDirectory = null, string name = "unknown") => new(new DaemonBrokerOptions
    {
        PhotonName = name,
        SocketDirectory = socketDirectory ?? _gateway.SocketDirectory,
        ReconnectDelay = TimeSpan.FromMilliseconds(50),
    });

    private static ChannelMessage Message(string channel, string eventName, string data = "null") =>
        new() { Channel = channel, Event = eventName, Data = JsonDocument.Parse(data).RootElement };

    [Fact]
    public async Task A_subscriber_receives_what_is_published_and_the_publish_reports_its_position()
    {
        await using var subscriber = Broker();
        await using var publisher = Broker();
        var received = new ConcurrentQueue<ChannelMessage>();
        await using var subscription = await subscriber.SubscribeAsync("dmn:basic", received.Enqueue);
        Assert.True(subscription.IsActive);

        var position = await publisher.PublishAsync(Message("dmn:basic", "task-moved", """{"taskId":"1"}"""));

        Assert.Equal(1, position!.Value.Sequence);
        await Eventually.TrueAsync(() => received.Count == 1, "the message arrives");
        var message = Assert.Single(received);
        Assert.Equal(("dmn:basic", "task-moved", """{"taskId":"1"}""", "unknown"), (message.Channel, message.Event, message.Data.GetRawText(), message.Source));
        Assert.NotNull(message.Timestamp);
    }

    [Fact]
    public async Task Data_parsed_from_indented_json_is_published_on_one_line_and_arrives_whole()
    {
        await using var broker = Broker();
        var received = new ConcurrentQueue<ChannelMessage>();
        await using var subscription = await broker.SubscribeAsync("dmn:indented", received.Enqueue);

        var position = await broker.PublishAsync(Message("dmn:indented", "task-moved", "{\r\n  \"taskId\": \"1\",\n  \"to\": \"done\"\n}"));

        Assert.Equal(1, position!.Value.Sequence);
        await Eventually.TrueAsync(() => received.Count == 1, "the message arrives");
        Assert.Equal("1", Assert.Single(received).Data.GetProperty("taskId").GetString());
        Assert.Equal("done", received.Single().Data.GetProperty("to").GetString());
    }

    [Fact]
    public async Task Falsy_data_arrives_as_it_was_sent()
    {
        await using var broker = Broker();
        var received = new ConcurrentQueue<string>();
        await using var subscription = await broker.SubscribeAsync("dmn:falsy", m => received.Enqueue(m.Data.GetRawText()));
        foreach (var data in new[] { "0", "false", "null" })
        {
            await broker.PublishAsync(Message("dmn:falsy", "e", data));
        }

        await Eventually.TrueAsync(() => received.Count == 3, "all three arrive");
        Assert.Equal(["0", "false", "null"], received);
    }

    [Fact]
    public async Task A_relayed_message_whose_event_is_not_valid_unicode_still_reaches_the_handler_and_the_next_one_too()
    {
        await using var subscriber = Broker();
        var received = new ConcurrentQueue<ChannelMessage>();
        await using var subscription = await subscriber.SubscribeAsync("dmn:surrogate", received.Enqueue);

        // The daemon relays messages untouched, even ones no client could have built.
        await using var raw = await DaemonTestClient.ConnectAsync(_gateway.SocketPath());
        await raw.SendLineAsync("""{"type":"publish","id":"p1","channel":"dmn:surrogate","message":{"event":"\ud800"}}""");
        await raw.ReadLineAsync();
        await using var publisher = Broker();
        await publisher.PublishAsync(Message("dmn:surrogate", "after"));

        await Eventually.TrueAsync(() => received.Count == 2, "both messages arrive");
        Assert.Equal([EventName.Default, "after"], received.Select(m => m.Event));
    }

    [Fact]
    public async Task Wildcard_subscriptions_deliver()
    {
        await using var broker = Broker();
        var all = new ConcurrentQueue<string>();
        var prefix = new ConcurrentQueue<string>();
        await using var allSubscription = await broker.SubscribeAsync("*", m => { if (m.Channel.StartsWith("dmnw", StringComparison.Ordinal)) all.Enqueue(m.Channel); });
        await using var prefixSubscription = await broker.SubscribeAsync("dmnw:*", m => prefix.Enqueue(m.Channel));

        await _gateway.Client.PostAsync("/publish", new StringContent("""{"channel":"dmnw:a","event":"e"}""", System.Text.Encoding.UTF8, "application/json"));
        await _gateway.Client.PostAsync("/publish", new StringContent("""{"channel":"dmnw:a:b","event":"e"}""", System.Text.Encoding.UTF8, "application/json"));

        await Eventually.TrueAsync(() => all.Count == 2 && prefix.Count == 1, "both wildcards deliver");
        Assert.Equal(["dmnw:a", "dmnw:a:b"], all);
        Assert.Equal(["dmnw:a"], prefix);
    }

    [Fact]
    public async Task Handlers_of_one_channel_share_one_subscription_and_disposing_one_leaves_the_others()
    {
        await using var broker = Broker();
        var first = new ConcurrentQueue<string>();
        var second = new ConcurrentQueue<string>();
        var a = await broker.SubscribeAsync("dmn:shared", m => first.Enqueue(m.Event));
        await using var b = await broker.SubscribeAsync("dmn:shared", m => second.Enqueue(m.Event));
        Assert.Equal(1, _gateway.SubscribersOf("dmn:shared"));

        await broker.PublishAsync(Message("dmn:shared", "one"));
        await Eventually.TrueAsync(() => first.Count == 1 && second.Count == 1, "both handlers get it");

        await a.DisposeAsync();
        Assert.False(a.IsActive);
        Assert.True(b.IsActive);
        await broker.PublishAsync(Message("dmn:shared", "two"));
        await Eventually.TrueAsync(() => second.Count == 2, "the other handler still gets messages");
        Assert.Equal(["one"], first);
    }

    [Fact]
    public async Task A_lost_connection_is_reestablished_and_resumes_without_loss_or_duplicates()
    {
        var proxyDirectory = Path.Combine(Path.GetTempPath(), $"photon-{Guid.NewGuid():N}"[..16]);
        Directory.CreateDirectory(proxyDirectory);
        await using var proxy = SocketProxy.ForUnixSocket(Path.Combine(proxyDirectory, "unknown.sock"), _gateway.SocketPath());
        await using var subscriber = Broker(proxyDirectory);
        await using var publisher = Broker();
        var received = new ConcurrentQueue<string>();
        await using var subscription = await subscriber.SubscribeAsync("dmn:resume", m => received.Enqueue(m.Event));

        await publisher.PublishAsync(Message("dmn:resume", "e1"));
        await Eventually.TrueAsync(() => received.Count == 1, "the first message arrives");

        proxy.DropConnections();
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("dmn:resume") == 0, "the gateway sees the connection end");
        for (var i = 2; i <= 5; i++)
        {
            await publisher.PublishAsync(Message("dmn:resume", $"e{i}"));
        }

        await Eventually.TrueAsync(() => received.Count >= 5, "the missed messages are replayed");
        await publisher.PublishAsync(Message("dmn:resume", "e6"));
        await Eventually.TrueAsync(() => received.Count >= 6, "live messages follow");
        Assert.Equal(["e1", "e2", "e3", "e4", "e5", "e6"], received);
        Assert.True(subscription.IsActive);
        Assert.True(subscriber.IsConnected);
    }

    [Fact]
    public async Task Publishing_without_a_daemon_fails_clearly_and_Emit_still_does_not_throw()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), $"photon-{Guid.NewGuid():N}"[..16]);
        await using var broker = Broker(nowhere, name: "kanban");
        var error = await Assert.ThrowsAsync<ChannelBrokerException>(async () => await broker.PublishAsync(Message("kanban:x", "e")));
        Assert.Contains(Path.Combine(nowhere, "kanban.sock"), error.Message, StringComparison.Ordinal);

        Assert.False(await new ChannelEmitter("kanban", broker).EmitAsync("x", "e"));
    }

    [Fact]
    public async Task A_component_without_a_name_publishes_to_the_socket_named_after_the_channel_prefix()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"photon-{Guid.NewGuid():N}"[..16]);
        await using var kanban = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Photon:Daemon:SocketDirectory"] = directory,
            ["Photon:Daemon:Names"] = "kanban",
        });
        await using var broker = Broker(directory);
        var position = await broker.PublishAsync(Message("kanban:board", "e"));
        Assert.Equal(1, position!.Value.Sequence);
    }

    [Fact]
    public async Task Disposing_the_broker_ends_its_subscriptions()
    {
        var broker = Broker();
        var subscription = await broker.SubscribeAsync("dmn:dispose", _ => { });
        await broker.DisposeAsync();
        Assert.False(subscription.IsActive);
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("dmn:dispose") == 0, "the daemon connection closes");
    }
}
