using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

/// <summary>Idle event streams get a comment every keep-alive interval, so proxies and browsers keep them open.</summary>
public sealed class KeepAliveTests
{
    [Fact]
    public async Task An_idle_stream_gets_keep_alive_comments_and_a_busy_one_gets_its_messages_in_between()
    {
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Gateway:KeepAliveInterval"] = "00:00:00.2" });
        await using var stream = await SseTestClient.ConnectAsync(gateway.Client, "/subscribe?channel=keepalive:a");
        await stream.NextFrameAsync(); // retry
        await stream.NextFrameAsync(); // start id

        Assert.Equal(": keep-alive", await stream.NextFrameAsync(skipComments: false));
        Assert.Equal(": keep-alive", await stream.NextFrameAsync(skipComments: false));

        var id = await gateway.Client.PublishAsync("keepalive:a", "e1");
        Assert.Equal(id, (await stream.NextEventAsync()).Id);
        Assert.Equal(": keep-alive", await stream.NextFrameAsync(skipComments: false));
    }
}
