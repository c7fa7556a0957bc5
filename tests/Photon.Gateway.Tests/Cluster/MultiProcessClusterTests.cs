using System.Collections.Concurrent;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Http;
using Photon.Testing;
using Xunit.Abstractions;

namespace Photon.Gateway.Tests.Cluster;

/// <summary>Silos and gateways as separate processes on Redis clustering, one silo killed with SIGKILL mid-stream.</summary>
[Trait("Category", "Cluster")]
[Collection(ClusterProcesses.Name)]
public sealed class MultiProcessClusterTests(ITestOutputHelper output)
{
    private static HttpBroker Broker(Uri gateway) => new(new HttpBrokerOptions
    {
        PublishUrl = new Uri(gateway, "/publish"),
        SubscribeUrl = new Uri(gateway, "/subscribe"),
        ReconnectDelay = TimeSpan.FromMilliseconds(100),
        Timeout = TimeSpan.FromSeconds(10),
    });

    private static async Task PublishUntilAcceptedAsync(HttpBroker broker, string channel, string eventName)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await broker.PublishAsync(new ChannelMessage { Channel = channel, Event = eventName, Data = JsonDocument.Parse("1").RootElement });
                return;
            }
            catch (ChannelBrokerException) when (DateTime.UtcNow < deadline)
            {
                // The cluster is noticing the dead silo; the publisher retries, as a client would.
                await Task.Delay(100);
            }
        }
    }

    [Fact]
    public async Task A_message_published_on_one_gateway_reaches_another_the_channel_survives_a_killed_silo_and_the_silo_rejoins()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 3, gateways: 2);
        await using var publisher = Broker(cluster.Gateways[0]);
        await using var subscriber = Broker(cluster.Gateways[1]);
        var received = new ConcurrentQueue<string>();
        var gaps = new ConcurrentQueue<ChannelGap>();
        await using var subscription = await subscriber.SubscribeAsync(
            "kill:a",
            (message, _) => { received.Enqueue(message.Event); return ValueTask.CompletedTask; },
            new ChannelSubscribeOptions { OnGap = gaps.Enqueue });

        for (var i = 1; i <= 50; i++)
        {
            await PublishUntilAcceptedAsync(publisher, "kill:a", $"e{i}");
        }

        await Eventually.TrueAsync(() => received.Count == 50, "the first 50 cross from gateway 0 to gateway 1", TimeSpan.FromSeconds(30));

        // A second subscriber, on gateway 0, is away while the silo dies and resumes afterwards from its last id.
        using var http = new HttpClient { BaseAddress = cluster.Gateways[0] };
        string lastSeen;
        await using (var away = await SseTestClient.ConnectAsync(http, "/subscribe?channel=kill:a", lastEventId: null))
        {
            await away.NextFrameAsync();
            lastSeen = (await away.NextFrameAsync())["id: ".Length..];
        }

        cluster.Kill("silo-0");

        for (var i = 51; i <= 100; i++)
        {
            await PublishUntilAcceptedAsync(publisher, "kill:a", $"e{i}");
        }

        try
        {
            await Eventually.TrueAsync(() => received.Count >= 100, "all 100 messages arrive", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException ex)
        {
            cluster.KeepLogs = true;
            throw new TimeoutException($"{ex.Message}; received {received.Count}: {string.Join(',', received.TakeLast(10))}; gaps {gaps.Count}; logs: {cluster.Directory}", ex);
        }
        // Channel history is kept in Redis: what the dead silo held is repaired from it, so nothing is lost,
        // nothing repeated, nothing out of order, and the channel keeps its epoch (no gap to report).
        Assert.Equal(Enumerable.Range(1, 100).Select(i => $"e{i}"), received);
        Assert.Empty(gaps);

        await using var resumed = await SseTestClient.ConnectAsync(http, "/subscribe?channel=kill:a", lastEventId: lastSeen);
        for (var i = 51; i <= 100; i++)
        {
            Assert.Contains($"\"event\":\"e{i}\"", (await resumed.NextEventAsync()).Data, StringComparison.Ordinal);
        }

        // The killed silo comes back and joins without waiting minutes on its dead predecessor (Orleans #7194).
        var rejoin = await cluster.RestartSiloAsync(0);
        output.WriteLine($"the restarted silo was active after {rejoin.TotalSeconds:F1} s");
        Assert.True(rejoin < TimeSpan.FromSeconds(60), $"rejoining took {rejoin}");
    }

    [Fact]
    public async Task Calls_in_flight_when_the_silo_dies_are_answered_unavailable_at_once_not_after_the_response_timeout()
    {
        await using var cluster = await LocalCluster.StartAsync(silos: 1, gateways: 1);
        using var http = new HttpClient { BaseAddress = cluster.Gateways[0], Timeout = TimeSpan.FromSeconds(20) };
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.PostAsync("/publish", Json("""{"channel":"hung:a","event":"e1","data":1}"""))).StatusCode);

        // The silo hangs with a publish and a subscribe (its attach to the grain) in flight, then dies: its
        // connection closes, but no answer ever comes.
        await cluster.FreezeAsync("silo-0");
        var publish = http.PostAsync("/publish", Json("""{"channel":"hung:a","event":"e2","data":2}"""));
        var subscribe = http.GetAsync("/subscribe?channel=hung:b", HttpCompletionOption.ResponseHeadersRead);
        var gatewayLog = Path.Combine(cluster.Directory, "gateway-0.log");
        await Eventually.TrueAsync(
            () => File.ReadAllText(gatewayLog) is var log
                && log.Split("Executing endpoint 'HTTP: POST /publish").Length - 1 == 2
                && log.Contains("Executing endpoint 'HTTP: GET /subscribe", StringComparison.Ordinal),
            "the gateway runs the second publish and the subscribe",
            TimeSpan.FromSeconds(10));
        Assert.False(publish.IsCompleted || subscribe.IsCompleted, "a frozen silo answered");
        cluster.Kill("silo-0");

        // Orleans would wait its 30 s response timeout (the HTTP client gives up after 20 s); the gateway answers
        // as soon as it sees the connection close, so the clients can retry elsewhere.
        foreach (var response in await Task.WhenAll(publish, subscribe))
        {
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal("unavailable", error.GetProperty("error").GetString());
            Assert.Contains(nameof(SiloUnavailableException), error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");
}

/// <summary>Five processes on two cores: the cluster tests run on their own, after the rest of the assembly.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ClusterProcesses
{
    public const string Name = "cluster processes";
}
