using Photon.Cli.Tests.Helpers;
using Photon.Testing;

namespace Photon.Cli.Tests.Commands;

/// <summary><c>channels</c> against a real gateway: what it lists is what the gateway's statistics say.</summary>
[Collection(CliGatewayCollection.Name)]
public sealed class ChannelsEndToEndTests(CliGatewayFixture fixture)
{
    [Fact]
    public async Task Lists_a_channel_with_its_event_streams_and_what_the_cli_published()
    {
        await using var first = await SseTestClient.ConnectAsync(fixture.Gateway.Client, "/subscribe?channel=e2e:listed");
        await using var second = await SseTestClient.ConnectAsync(fixture.Gateway.Client, "/subscribe?channel=e2e:listed");
        await Eventually.TrueAsync(() => fixture.Gateway.SubscribersOf("e2e:listed") == 2, "both streams are live");
        for (var i = 0; i < 3; i++)
        {
            var published = await InProcessCli.RunAsync(["publish", "e2e:listed", "tick", $"{i}", "--url", fixture.Url]);
            Assert.Equal(0, published.ExitCode);
        }

        // The gateways report subscribers every couple of seconds; the table follows.
        string[] row = [];
        await Eventually.TrueAsync(async () =>
        {
            var listed = await InProcessCli.RunAsync(["channels", "e2e:*", "--url", fixture.Url]);
            row = listed.Output.Split('\n').FirstOrDefault(line => line.StartsWith("e2e:listed ", StringComparison.Ordinal))?
                .Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
            return listed.ExitCode == 0 && row.Length == 8 && row[1] == "2" && row[5] == "3";
        }, "channels lists e2e:listed with 2 subscribers and 3 messages");

        // CHANNEL SUBSCRIBERS SSE SOCKET REDIS PUBLISHED MSG/S HEAD
        Assert.Equal(["e2e:listed", "2", "2", "0", "0", "3"], row[..6]);
        Assert.EndsWith("-3", row[7], StringComparison.Ordinal);
    }
}
