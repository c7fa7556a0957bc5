using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Photon.Grains.Contracts;
using Photon.Testing;

namespace Photon.Gateway.Tests.Daemon;

public sealed class DaemonSlowReaderTests
{
    [Fact]
    public async Task A_reader_that_never_reads_while_100000_messages_flow_is_disconnected_and_the_others_get_them_all()
    {
        const string channel = "flood:a";
        const int total = 100_000;
        const int chunk = 2_000;
        await using var gateway = await GatewayHost.StartAsync();
        await using var stalled = await DaemonTestClient.ConnectAsync(gateway.SocketPath());
        await stalled.SubscribeAsync(channel);
        await using var reader = await DaemonTestClient.ConnectAsync(gateway.SocketPath());
        await reader.SubscribeAsync(channel);

        var grain = gateway.Services.GetRequiredService<IGrainFactory>().GetGrain<IChannelGrain>(channel);
        var payload = Encoding.UTF8.GetBytes($$"""{"channel":"{{channel}}","event":"tick","data":"{{new string('x', 64)}}"}""");
        var read = 0;
        for (var sent = 0; sent < total; sent += chunk)
        {
            await Task.WhenAll(Enumerable.Range(0, chunk).Select(_ => grain.PublishAsync(payload).AsTask()));

            // The healthy reader keeps up, chunk by chunk, in order.
            for (; read < sent + chunk; read++)
            {
                var line = await reader.ReadJsonAsync();
                Assert.EndsWith($"-{read + 1}", line.GetProperty("eventId").GetString(), StringComparison.Ordinal);
            }
        }

        Assert.Equal(total, read);
        await Eventually.TrueAsync(() => gateway.SubscribersOf(channel) == 1, "the stalled reader is disconnected");
    }
}
