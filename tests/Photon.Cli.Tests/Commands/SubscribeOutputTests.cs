using System.Globalization;
using System.Text;
using Photon.Cli.Tests.Helpers;

namespace Photon.Cli.Tests.Commands;

/// <summary>How a tail looks to a person: one line per message, coloured on a terminal only.</summary>
[Collection(CliGatewayCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SubscribeOutputTests(CliGatewayFixture fixture)
{
    private const long Timestamp = 1795750774279;

    [Fact]
    public async Task A_terminal_gets_colour_and_a_pipe_or_NO_COLOR_gets_plain_lines()
    {
        const string channel = "board:colour";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var terminal = InProcessCli.RunAsync(["subscribe", channel, "-n", "1", "--url", fixture.Url], outputIsTerminal: true, cancellationToken: stop.Token);
        var noColour = InProcessCli.RunAsync(["subscribe", channel, "-n", "1", "--url", fixture.Url], new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, outputIsTerminal: true, cancellationToken: stop.Token);
        var pipe = InProcessCli.RunAsync(["subscribe", channel, "-n", "1", "--url", fixture.Url], cancellationToken: stop.Token);
        await Photon.Testing.Eventually.TrueAsync(() => fixture.Gateway.SubscribersOf(channel) == 3, "the three tails are subscribed");

        var body = $$"""{"channel":"{{channel}}","event":"task-moved","data":{"taskId":"1"},"timestamp":{{Timestamp}},"source":"kanban"}""";
        using var response = await fixture.Gateway.Client.PostAsync("/publish", new StringContent(body, Encoding.UTF8, "application/json"));
        var id = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString();
        var time = DateTimeOffset.FromUnixTimeMilliseconds(Timestamp).ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

        var plain = $"{time} {channel} task-moved {id} {{\"taskId\":\"1\"}} (kanban)\n";
        Assert.Equal(
            $"\u001b[2m{time}\u001b[0m \u001b[36m{channel}\u001b[0m \u001b[1m\u001b[33mtask-moved\u001b[0m\u001b[0m \u001b[2m{id}\u001b[0m {{\"taskId\":\"1\"}} \u001b[35m(kanban)\u001b[0m\n",
            (await terminal).Output);
        Assert.Equal(plain, (await noColour).Output);
        Assert.Equal(plain, (await pipe).Output);
        Assert.Equal(0, (await pipe).ExitCode);
    }

    [Fact]
    public async Task Cancelling_an_in_process_tail_ends_it_with_exit_0()
    {
        using var stop = new CancellationTokenSource();
        var tail = InProcessCli.RunAsync(["subscribe", "board:cancelled", "--url", fixture.Url], cancellationToken: stop.Token);
        await Photon.Testing.Eventually.TrueAsync(() => fixture.Gateway.SubscribersOf("board:cancelled") == 1, "the tail is subscribed");

        await stop.CancelAsync();
        var result = await tail;

        Assert.Equal(0, result.ExitCode);
    }
}
