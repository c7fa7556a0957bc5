using System.Text.Json;
using Photon.Channels;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

[Collection(GatewayCollection.Name)]
public sealed class SubscribeEndpointTests(GatewayFixture fixture)
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Fact]
    public async Task A_message_reaches_every_subscriber_exactly_once_and_in_order()
    {
        const string channel = "order:many";
        var subscribers = new List<SseTestClient>();
        for (var i = 0; i < 20; i++)
        {
            var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}");
            await subscriber.NextFrameAsync(); // retry
            await subscriber.NextFrameAsync(); // start id
            subscribers.Add(subscriber);
        }

        var ids = new List<string>();
        for (var i = 0; i < 50; i++)
        {
            ids.Add(await _gateway.Client.PublishAsync(channel, "tick", i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        await _gateway.Client.PublishAsync(channel, "end");
        foreach (var subscriber in subscribers)
        {
            for (var i = 0; i < 50; i++)
            {
                var (id, eventName, data) = await subscriber.NextEventAsync();
                Assert.Equal(ids[i], id);
                Assert.Null(eventName);
                Assert.Equal(PublishHelpers.Expected(channel, "tick", i.ToString(System.Globalization.CultureInfo.InvariantCulture)), data);
            }

            // The next event is the sentinel: nothing was delivered twice.
            Assert.Equal(PublishHelpers.Expected(channel, "end"), (await subscriber.NextEventAsync()).Data);
            await subscriber.DisposeAsync();
        }
    }

    [Fact]
    public async Task Sequence_numbers_have_no_gaps()
    {
        var first = PublishHelpers.Position(await _gateway.Client.PublishAsync("order:seq", "a"));
        var second = PublishHelpers.Position(await _gateway.Client.PublishAsync("order:seq", "b"));
        Assert.Equal(first.Epoch, second.Epoch);
        Assert.Equal(first.Sequence + 1, second.Sequence);
    }

    [Fact]
    public async Task A_frame_is_an_id_line_a_data_line_and_a_blank_line_and_nothing_else()
    {
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=frame:exact");
        Assert.Equal("text/event-stream", subscriber.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("retry: 2000", await subscriber.NextFrameAsync());
        Assert.StartsWith("id: ", await subscriber.NextFrameAsync(), StringComparison.Ordinal);

        var id = await _gateway.Client.PublishAsync("frame:exact", "task-moved", """{"taskId":"1"}""");

        Assert.Equal($"id: {id}\ndata: {PublishHelpers.Expected("frame:exact", "task-moved", """{"taskId":"1"}""")}", await subscriber.NextFrameAsync());
    }

    [Fact]
    public async Task Resuming_with_Last_Event_ID_replays_exactly_what_was_missed_then_goes_live()
    {
        const string channel = "resume:header";
        string lastSeen;
        await using (var first = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}"))
        {
            for (var i = 1; i <= 3; i++)
            {
                await _gateway.Client.PublishAsync(channel, $"e{i}");
            }

            await first.NextEventAsync();
            await first.NextEventAsync();
            lastSeen = (await first.NextEventAsync()).Id!;
        }

        for (var i = 4; i <= 8; i++)
        {
            await _gateway.Client.PublishAsync(channel, $"e{i}");
        }

        await using var resumed = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}", lastEventId: lastSeen);
        for (var i = 4; i <= 8; i++)
        {
            Assert.Equal(PublishHelpers.Expected(channel, $"e{i}"), (await resumed.NextEventAsync()).Data);
        }

        await _gateway.Client.PublishAsync(channel, "e9");
        Assert.Equal(PublishHelpers.Expected(channel, "e9"), (await resumed.NextEventAsync()).Data);
    }

    [Fact]
    public async Task Resuming_with_the_lastEventId_query_parameter_works_like_the_header()
    {
        const string channel = "resume:query";
        var id = await _gateway.Client.PublishAsync(channel, "one");
        await _gateway.Client.PublishAsync(channel, "two");

        await using var resumed = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}&lastEventId={id}");

        Assert.Equal(PublishHelpers.Expected(channel, "two"), (await resumed.NextEventAsync()).Data);
    }

    [Fact]
    public async Task A_client_that_received_nothing_resumes_from_the_start_id_it_was_sent()
    {
        const string channel = "resume:start";
        await _gateway.Client.PublishAsync(channel, "before");
        string startId;
        await using (var first = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}"))
        {
            await first.NextFrameAsync();
            startId = (await first.NextFrameAsync())["id: ".Length..];
        }

        await _gateway.Client.PublishAsync(channel, "missed");

        await using var resumed = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}", lastEventId: startId);
        Assert.Equal(PublishHelpers.Expected(channel, "missed"), (await resumed.NextEventAsync()).Data);
    }

    [Fact]
    public async Task A_resume_older_than_the_history_gets_refresh_needed_then_what_is_still_held_then_live_messages()
    {
        const string channel = "resume:expired";
        var first = await _gateway.Client.PublishAsync(channel, "first");
        for (var i = 0; i < GatewayFixture.HistoryMaxCount + 5; i++)
        {
            await _gateway.Client.PublishAsync(channel, "filler");
        }

        await using var resumed = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}", lastEventId: first);
        var (_, eventName, data) = await resumed.NextEventAsync();
        Assert.Equal("refresh_needed", eventName);
        Assert.Equal($$"""{"channel":"{{channel}}","lastEventId":"{{first}}","reason":"expired"}""", data);
        for (var i = 0; i < GatewayFixture.HistoryMaxCount; i++)
        {
            Assert.Equal(PublishHelpers.Expected(channel, "filler"), (await resumed.NextEventAsync()).Data);
        }

        await _gateway.Client.PublishAsync(channel, "live");
        Assert.Equal(PublishHelpers.Expected(channel, "live"), (await resumed.NextEventAsync()).Data);
    }

    [Theory]
    [InlineData("1-5", "epoch-changed")]
    [InlineData("not-an-id", "unknown-id")]
    public async Task A_resume_from_an_id_the_channel_never_issued_gets_refresh_needed(string lastEventId, string reason)
    {
        var channel = $"resume:unknown-{reason}";
        await using var resumed = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}", lastEventId: lastEventId);
        var (_, eventName, data) = await resumed.NextEventAsync();
        Assert.Equal("refresh_needed", eventName);
        Assert.Contains($"\"reason\":\"{reason}\"", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_prefix_wildcard_receives_channels_one_segment_below_the_prefix_only()
    {
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=wild:*");
        await _gateway.Client.PublishAsync("wild:a", "yes");
        await _gateway.Client.PublishAsync("wild:a:deeper", "no");
        await _gateway.Client.PublishAsync("wildx:a", "no");
        await _gateway.Client.PublishAsync("wild:b", "yes");

        Assert.Equal(PublishHelpers.Expected("wild:a", "yes"), (await subscriber.NextEventAsync()).Data);
        Assert.Equal(PublishHelpers.Expected("wild:b", "yes"), (await subscriber.NextEventAsync()).Data);
    }

    [Fact]
    public async Task The_all_channels_wildcard_receives_every_channel()
    {
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=*");
        await _gateway.Client.PublishAsync("all:one", "x");
        await _gateway.Client.PublishAsync("plain", "y");
        await _gateway.Client.PublishAsync("all:deep:er", "z");

        var received = new List<string>();
        while (received.Count < 3)
        {
            var data = (await subscriber.NextEventAsync()).Data;
            using var message = JsonDocument.Parse(data);
            var channel = message.RootElement.GetProperty("channel").GetString()!;
            if (channel is "all:one" or "plain" or "all:deep:er")
            {
                received.Add(channel);
            }
        }

        Assert.Equal(["all:one", "plain", "all:deep:er"], received);
    }

    [Fact]
    public async Task Overlapping_channels_on_one_stream_deliver_each_message_once()
    {
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=overlap:a&channel=overlap:*");
        await _gateway.Client.PublishAsync("overlap:a", "once");
        await _gateway.Client.PublishAsync("overlap:b", "sentinel");

        Assert.Equal(PublishHelpers.Expected("overlap:a", "once"), (await subscriber.NextEventAsync()).Data);
        Assert.Equal(PublishHelpers.Expected("overlap:b", "sentinel"), (await subscriber.NextEventAsync()).Data);
    }

    [Fact]
    public async Task A_stream_of_several_channels_resumes_each_from_its_cursor()
    {
        string cursor;
        await using (var first = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=multi:a&channel=multi:b"))
        {
            await _gateway.Client.PublishAsync("multi:a", "a1");
            cursor = (await first.NextEventAsync()).Id!;
        }

        await _gateway.Client.PublishAsync("multi:b", "b1");
        await _gateway.Client.PublishAsync("multi:a", "a2");

        await using var resumed = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=multi:a&channel=multi:b", lastEventId: cursor);
        var replayed = new[] { (await resumed.NextEventAsync()).Data, (await resumed.NextEventAsync()).Data };
        Assert.Contains(PublishHelpers.Expected("multi:a", "a2"), replayed);
        Assert.Contains(PublishHelpers.Expected("multi:b", "b1"), replayed);
    }

    [Theory]
    [InlineData("/subscribe", "invalid_channel")]
    [InlineData("/subscribe?channel=", "invalid_channel")]
    [InlineData("/subscribe?channel=a*b", "invalid_channel")]
    [InlineData("/subscribe?channel=%01bad", "invalid_channel")]
    public async Task A_bad_subscription_is_refused_with_a_json_error(string pathAndQuery, string code)
    {
        using var response = await _gateway.Client.GetAsync(pathAndQuery);
        Assert.Equal(400, (int)response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, error.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Too_many_channels_on_one_stream_are_refused()
    {
        var query = string.Join('&', Enumerable.Range(0, 65).Select(i => $"channel=many:{i}"));
        using var response = await _gateway.Client.GetAsync($"/subscribe?{query}");
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(
            """{"error":"too_many_subscriptions","message":"at most 64 subscriptions per connection"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Subscribers_are_removed_when_they_disconnect()
    {
        var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=leave:a");
        await subscriber.NextFrameAsync();
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("leave:a") == 1, "the subscription is live");
        await subscriber.DisposeAsync();
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("leave:a") == 0, "the subscription is removed");
    }
}
