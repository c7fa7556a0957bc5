using System.Net.Sockets;
using System.Text;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

public sealed class SmallQueueGatewayFixture : GatewayFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Photon:Gateway:SubscriberQueueBytes"] = (2 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Photon:Channels:HistoryMaxCount"] = "10000",
    };
}

public sealed class SlowSubscriberTests(SmallQueueGatewayFixture fixture) : IClassFixture<SmallQueueGatewayFixture>
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Fact]
    public async Task A_subscriber_that_stops_reading_is_disconnected_and_the_others_get_everything()
    {
        const string channel = "slow:a";
        const int count = 6000;
        await using var reader = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}");

        // A client that sends its request and never reads a byte of the answer.
        using var stalled = new TcpClient();
        stalled.ReceiveBufferSize = 4096;
        await stalled.ConnectAsync(_gateway.BaseAddress.Host, _gateway.BaseAddress.Port);
        await stalled.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET /subscribe?channel={channel} HTTP/1.1\r\nHost: test\r\n\r\n"));
        await Eventually.TrueAsync(() => _gateway.SubscribersOf(channel) == 2, "both streams are live");

        var reading = Task.Run(async () =>
        {
            for (var i = 1; i <= count; i++)
            {
                Assert.EndsWith($"-{i}", (await reader.NextEventAsync()).Id, StringComparison.Ordinal);
            }
        });
        // Published over HTTP one at a time, as clients do: the healthy reader keeps up, the stalled one cannot.
        var data = $"\"{new string('x', 2000)}\"";
        for (var i = 0; i < count; i++)
        {
            await _gateway.Client.PublishAsync(channel, "bulk", data);
        }

        await Eventually.TrueAsync(() => _gateway.SubscribersOf(channel) == 1, "the stalled subscriber is disconnected");
        await reading;
    }
}
