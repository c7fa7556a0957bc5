using Photon.Cli.Tests.Helpers;

namespace Photon.Cli.Tests.Commands;

/// <summary><c>channels</c> against a real loopback server answering <c>GET /channels</c> with the gateway's contract.</summary>
public sealed class ChannelsCommandTests
{
    private const string Listing = """
        {"channels":[{"channel":"board:b","subscribers":{"sse":0,"socket":1,"redis":0},"subscriberCount":1,"published":7,"messagesPerSecond":0,"head":"5e1-7"},{"channel":"board:a","subscribers":{"sse":2,"socket":1,"redis":0},"subscriberCount":3,"published":42,"messagesPerSecond":3.5,"head":"3f9c01b2e7-41"},{"channel":"board:new","subscribers":{"sse":12,"socket":0,"redis":1},"subscriberCount":13,"published":0,"messagesPerSecond":0.04,"head":null}]}
        """;

    [Fact]
    public async Task Prints_a_table_sorted_by_channel_sending_the_pattern_and_the_environments_token()
    {
        await using var server = await RecordingServer.StartAsync("/channels", 200, Listing);

        var result = await InProcessCli.RunAsync(
            ["channels", "board:*"],
            new Dictionary<string, string?> { ["PHOTON_CHANNEL_HTTP_URL"] = $"{server.Url}/publish", ["PHOTON_CHANNEL_AUTH_TOKEN"] = "secret-token" });

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            """
            CHANNEL    SUBSCRIBERS  SSE  SOCKET  REDIS  PUBLISHED  MSG/S  HEAD
            board:a              3    2       1      0         42    3.5  3f9c01b2e7-41
            board:b              1    0       1      0          7    0.0  5e1-7
            board:new           13   12       0      1          0    0.0  -

            """.Replace("\r\n", "\n", StringComparison.Ordinal),
            result.Output);
        Assert.Equal(["GET /channels?pattern=board%3A%2A | Bearer secret-token"], server.Requests);
    }

    [Fact]
    public async Task Json_prints_the_gateways_answer_as_it_is()
    {
        await using var server = await RecordingServer.StartAsync("/channels", 200, Listing);

        var result = await InProcessCli.RunAsync(["channels", "--json", "--url", server.Url]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Listing + "\n", result.Output);
        Assert.Equal(["GET /channels | "], server.Requests);
    }

    [Fact]
    public async Task Colour_only_on_a_terminal_without_NO_COLOR()
    {
        await using var server = await RecordingServer.StartAsync("/channels", 200, Listing);

        var terminal = await InProcessCli.RunAsync(["channels", "--url", server.Url], outputIsTerminal: true);
        var noColour = await InProcessCli.RunAsync(["channels", "--url", server.Url], new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, outputIsTerminal: true);

        Assert.StartsWith("\u001b[1mCHANNEL ", terminal.Output, StringComparison.Ordinal);
        Assert.StartsWith("CHANNEL ", noColour.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_channels_says_so()
    {
        await using var server = await RecordingServer.StartAsync("/channels", 200, """{"channels":[]}""");

        var result = await InProcessCli.RunAsync(["channels", "--url", server.Url]);

        Assert.Equal((0, "no active channels\n"), (result.ExitCode, result.Output));
    }

    [Theory]
    [InlineData(401, """{"error":"unauthorized","message":"a bearer token is required"}""", 5, "the gateway at {0}/channels refused: 401 Unauthorized: unauthorized: a bearer token is required")]
    [InlineData(404, "", 5, "{0}/channels answered 404: this gateway has no GET /channels (is it older than this CLI?)")]
    [InlineData(200, """{"chan":1}""", 1, "the gateway at {0}/channels answered something that is not a channel list: no \"channels\" array")]
    public async Task A_refusal_or_an_unreadable_answer_has_its_exit_code(int status, string body, int exitCode, string error)
    {
        await using var server = await RecordingServer.StartAsync("/channels", status, body);

        var result = await InProcessCli.RunAsync(["channels", "--url", server.Url]);

        Assert.Equal(exitCode, result.ExitCode);
        Assert.Equal($"photon-channels: listing channels failed: {string.Format(System.Globalization.CultureInfo.InvariantCulture, error, server.Url)}\n", result.Error);
    }

    [Fact]
    public async Task An_invalid_pattern_exits_3_without_asking()
    {
        await using var server = await RecordingServer.StartAsync("/channels", 200, Listing);

        var result = await InProcessCli.RunAsync(["channels", "a:*:*", "--url", server.Url]);

        Assert.Equal(3, result.ExitCode);
        Assert.Empty(server.Requests);
    }
}
