using System.Text.Json;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Daemon;

/// <summary>The daemon socket protocol over a real Unix socket, line by line.</summary>
[Collection(GatewayCollection.Name)]
public sealed class DaemonProtocolTests(GatewayFixture fixture)
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    private Task<DaemonTestClient> ConnectAsync() => DaemonTestClient.ConnectAsync(_gateway.SocketPath());

    private static string Publish(string id, string channel, string message) =>
        $$"""{"type":"publish","id":"{{id}}","channel":"{{channel}}","message":{{message}}}""";

    [Fact]
    public void The_socket_and_its_directory_are_accessible_only_to_their_owner()
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_gateway.SocketPath()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_gateway.SocketDirectory));
    }

    [Fact]
    public async Task Ping_answers_pong_with_the_same_id()
    {
        await using var client = await ConnectAsync();
        await client.SendLineAsync("""{"type":"ping","id":"p-1"}""");
        Assert.Equal("""{"type":"pong","id":"p-1"}""", await client.ReadLineAsync());
    }

    [Fact]
    public async Task Subscribe_then_publish_delivers_to_the_subscriber_but_not_back_to_the_publisher()
    {
        await using var subscriber = await ConnectAsync();
        var lines = await subscriber.SubscribeAsync("sock:basic", "sub_1");
        var result = Assert.Single(lines);
        Assert.Equal("result", result.GetProperty("type").GetString());
        Assert.True(result.GetProperty("success").GetBoolean());
        Assert.True(result.GetProperty("data").GetProperty("subscribed").GetBoolean());
        Assert.Equal("sock:basic", result.GetProperty("data").GetProperty("channel").GetString());

        await using var publisher = await ConnectAsync();
        await publisher.SubscribeAsync("sock:basic", "sub_p");
        await publisher.SendLineAsync(Publish("pub_1", "sock:basic", """{"event":"task-moved","taskId":"123"}"""));
        var receipt = await publisher.ReadJsonAsync();
        Assert.Equal("pub_1", receipt.GetProperty("id").GetString());
        var eventId = receipt.GetProperty("data").GetProperty("eventId").GetString()!;
        Assert.True(receipt.GetProperty("data").GetProperty("published").GetBoolean());

        Assert.Equal(
            $$$"""{"type":"channel_message","id":"ch_{{{eventId}}}","eventId":"{{{eventId}}}","channel":"sock:basic","message":{"event":"task-moved","taskId":"123"}}""",
            await subscriber.ReadLineAsync());

        // The publisher's own connection got nothing: the next thing it reads answers its next request.
        await publisher.SendLineAsync("""{"type":"ping","id":"after"}""");
        Assert.Equal("""{"type":"pong","id":"after"}""", await publisher.ReadLineAsync());
    }

    [Fact]
    public async Task Socket_and_HTTP_clients_see_each_other()
    {
        await using var socketClient = await ConnectAsync();
        await socketClient.SubscribeAsync("sock:cross");
        await using var sse = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=sock:cross");
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("sock:cross") == 2, "both are live");

        await _gateway.Client.PublishAsync("sock:cross", "from-http");
        var fromHttp = await socketClient.ReadJsonAsync();
        Assert.Equal(PublishHelpers.Expected("sock:cross", "from-http"), fromHttp.GetProperty("message").GetRawText());

        await using var publisher = await ConnectAsync();
        await publisher.SendLineAsync(Publish("p", "sock:cross", """{"channel":"sock:cross","event":"from-socket","data":0}"""));
        await publisher.ReadJsonAsync();
        Assert.Equal(PublishHelpers.Expected("sock:cross", "from-http"), (await sse.NextEventAsync()).Data);
        Assert.Equal("""{"channel":"sock:cross","event":"from-socket","data":0}""", (await sse.NextEventAsync()).Data);
    }

    [Fact]
    public async Task A_prefix_pattern_subscriber_gets_each_matching_message_once()
    {
        await using var subscriber = await ConnectAsync();
        await subscriber.SubscribeAsync("sockp:*", "a");
        await subscriber.SubscribeAsync("sockp:x", "b");
        await _gateway.Client.PublishAsync("sockp:x", "one");
        await _gateway.Client.PublishAsync("sockp:y:deep", "skipped");
        await _gateway.Client.PublishAsync("sockp:z", "two");

        Assert.Equal("sockp:x", (await subscriber.ReadJsonAsync()).GetProperty("channel").GetString());
        Assert.Equal("sockp:z", (await subscriber.ReadJsonAsync()).GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery()
    {
        await using var subscriber = await ConnectAsync();
        await subscriber.SubscribeAsync("sock:unsub");
        await subscriber.SendLineAsync("""{"type":"unsubscribe","id":"u1","channel":"sock:unsub"}""");
        Assert.Equal("""{"type":"result","id":"u1","success":true,"data":{"unsubscribed":true,"channel":"sock:unsub"}}""", await subscriber.ReadLineAsync());

        await _gateway.Client.PublishAsync("sock:unsub", "ignored");
        await subscriber.SendLineAsync("""{"type":"ping","id":"next"}""");
        Assert.Equal("""{"type":"pong","id":"next"}""", await subscriber.ReadLineAsync());
    }

    [Fact]
    public async Task Resuming_replays_missed_messages_before_the_result_and_refresh_needed_when_they_are_gone()
    {
        var first = await _gateway.Client.PublishAsync("sock:resume", "e1");
        await _gateway.Client.PublishAsync("sock:resume", "e2");
        await _gateway.Client.PublishAsync("sock:resume", "e3");

        await using var client = await ConnectAsync();
        var lines = await client.SubscribeAsync("sock:resume", "r1", lastEventId: first);
        Assert.Equal(3, lines.Count);
        Assert.All(lines.Take(2), line => Assert.True(line.GetProperty("replay").GetBoolean()));
        Assert.Equal(["e2", "e3"], lines.Take(2).Select(l => l.GetProperty("message").GetProperty("event").GetString()));
        Assert.Equal("result", lines[2].GetProperty("type").GetString());

        await using var stale = await ConnectAsync();
        var staleLines = await stale.SubscribeAsync("sock:resume", "r2", lastEventId: "1-1");
        Assert.Equal("""{"type":"refresh_needed","id":"r2","channel":"sock:resume","reason":"epoch-changed"}""", staleLines[0].GetRawText());
        Assert.Equal("result", staleLines[^1].GetProperty("type").GetString());
    }

    [Fact]
    public async Task Get_events_since_returns_the_messages_after_an_id()
    {
        var first = await _gateway.Client.PublishAsync("sock:since", "a");
        await _gateway.Client.PublishAsync("sock:since", "b");
        await using var client = await ConnectAsync();
        await client.SendLineAsync($$"""{"type":"get_events_since","id":"g","channel":"sock:since","lastEventId":"{{first}}"}""");
        var data = (await client.ReadJsonAsync()).GetProperty("data");
        Assert.False(data.GetProperty("refreshNeeded").GetBoolean());
        var only = Assert.Single(data.GetProperty("events").EnumerateArray());
        Assert.Equal("b", only.GetProperty("message").GetProperty("event").GetString());
    }

    [Fact]
    public async Task Malformed_requests_get_error_lines_and_the_connection_stays_usable()
    {
        await using var client = await ConnectAsync();
        await client.SendAsync("not json\n\n   \n{\"type\":\"subscribe\",\"id\":\"x\"}\n[1]\n{\"type\":\"fly\",\"id\":\"y\"}\n{\"type\":\"subscribe\",\"id\":\"z\",\"channel\":\"a*b\"}\n{\"type\":\"ping\",\"id\":\"ok\"}\n");

        var invalidJson = await client.ReadJsonAsync();
        Assert.Equal("error", invalidJson.GetProperty("type").GetString());
        Assert.Equal("unknown", invalidJson.GetProperty("id").GetString());
        Assert.Equal("""{"type":"error","id":"x","error":"Invalid request format"}""", await client.ReadLineAsync());
        Assert.Equal("""{"type":"error","id":"unknown","error":"Invalid request format"}""", await client.ReadLineAsync());
        Assert.Equal("""{"type":"error","id":"y","error":"Unknown request type: fly"}""", await client.ReadLineAsync());
        Assert.Equal("error", (await client.ReadJsonAsync()).GetProperty("type").GetString());
        Assert.Equal("""{"type":"pong","id":"ok"}""", await client.ReadLineAsync());
    }

    [Fact]
    public async Task Replies_come_in_request_order()
    {
        await using var client = await ConnectAsync();
        var requests = string.Concat(Enumerable.Range(0, 50).Select(i => i % 2 == 0
            ? Publish($"r{i}", "sock:order", $$"""{"event":"e{{i}}"}""") + "\n"
            : $$"""{"type":"ping","id":"r{{i}}"}""" + "\n"));
        await client.SendAsync(requests);
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal($"r{i}", (await client.ReadJsonAsync()).GetProperty("id").GetString());
        }
    }

    [Fact]
    public async Task A_line_over_the_limit_gets_an_error_and_the_connection_is_closed()
    {
        await using var client = await ConnectAsync();
        await client.SendAsync(new string('x', 1024 * 1024 + 10));
        var error = await client.ReadJsonAsync();
        Assert.Equal("error", error.GetProperty("type").GetString());
        Assert.Contains("longer than", error.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Null(await client.ReadLineAsync());

        await using var other = await ConnectAsync();
        await other.SendLineAsync("""{"type":"ping","id":"still-serving"}""");
        Assert.Equal("""{"type":"pong","id":"still-serving"}""", await other.ReadLineAsync());
    }
}
