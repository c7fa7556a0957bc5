using System.Text;
using System.Text.RegularExpressions;
using Photon.Cli.Tests.Helpers;

namespace Photon.Cli.Tests.Commands;

/// <summary>The built tool publishing and tailing through a real gateway, over HTTP + SSE and over the daemon socket.</summary>
[Collection(CliGatewayCollection.Name)]
[Trait("Category", "Integration")]
public sealed partial class PublishSubscribeTests(CliGatewayFixture fixture)
{
    public static TheoryData<string> Transports => ["http", "socket"];

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task Subscribe_json_prints_exactly_the_published_messages(string transport)
    {
        var channel = $"board:exact-{transport}";
        await using var subscriber = CliProcess.Start(["subscribe", channel, "--json", "-n", "2", .. Target(transport)]);
        await subscriber.WaitForErrorAsync("subscribed to");

        // A message as another program sends it, byte for byte: the line must be exactly this.
        var raw = $$"""{"channel":"{{channel}}","event":"task-moved","data":{"taskId":"1","note":"ü \"q\"","n":[1, 2.50]},"timestamp":1795750774279,"source":"curl","extra":true}""";
        using (var response = await fixture.Gateway.Client.PostAsync("/publish", new StringContent(raw, Encoding.UTF8, "application/json")))
        {
            response.EnsureSuccessStatusCode();
        }

        // And one from the CLI: data kept as written, timestamp stamped by the broker, source as given.
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var published = await CliProcess.RunAsync(["publish", channel, "note-added", """{"text": "hello, world"}""", "--source", "cli-test", .. Target(transport)]);
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal(0, published.ExitCode);
        Assert.Matches($"^published {Regex.Escape(channel)} [0-9a-f]+-2\n$", published.Output);
        Assert.Equal(raw, await subscriber.NextOutputLineAsync());
        var line = await subscriber.NextOutputLineAsync();
        var match = StampedLine().Match(line);
        Assert.True(match.Success, line);
        Assert.Equal($$"""{"channel":"{{channel}}","event":"note-added","data":{"text": "hello, world"},"timestamp":""", match.Groups["head"].Value);
        Assert.InRange(long.Parse(match.Groups["timestamp"].Value, System.Globalization.CultureInfo.InvariantCulture), before, after);
        Assert.Equal(""","source":"cli-test"}""", match.Groups["tail"].Value);

        var result = await subscriber.WaitForExitAsync();
        Assert.Equal(0, result.ExitCode);
    }

    [Theory]
    [MemberData(nameof(Transports))]
    public async Task From_resumes_after_the_given_id(string transport)
    {
        var channel = $"board:resume-{transport}";
        var ids = new List<string>();
        foreach (var n in new[] { 1, 2, 3 })
        {
            var published = await CliProcess.RunAsync(["publish", channel, "numbered", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json", .. Target(transport)]);
            Assert.Equal(0, published.ExitCode);
            ids.Add(ReceiptId().Match(published.Output).Groups[1].Value);
        }

        var result = await CliProcess.RunAsync(["subscribe", channel, "--from", ids[0], "-n", "2", "--no-color", .. Target(transport)]);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches($@"^\d\d:\d\d:\d\d\.\d{{3}} {Regex.Escape(channel)} numbered {ids[1]} 2( \(unknown\))?$", lines[0]);
        Assert.Matches($@"^\d\d:\d\d:\d\d\.\d{{3}} {Regex.Escape(channel)} numbered {ids[2]} 3( \(unknown\))?$", lines[1]);
        Assert.Contains($"to resume: photon-channels subscribe {channel} --from '{ids[2]}'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_C_ends_a_tail_cleanly_and_says_where_to_resume()
    {
        const string channel = "board:interrupted";
        await using var subscriber = CliProcess.Start(["subscribe", channel, "--url", fixture.Url]);
        await subscriber.WaitForErrorAsync("subscribed to board:interrupted over http at");
        var published = await CliProcess.RunAsync(["publish", channel, "ping", "--url", fixture.Url]);
        var id = published.Output.Split(' ')[2].Trim();
        Assert.EndsWith($" {channel} ping {id}", await subscriber.NextOutputLineAsync(), StringComparison.Ordinal);

        await subscriber.InterruptAsync();
        var result = await subscriber.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.EndsWith($"to resume: photon-channels subscribe {channel} --from '{id}'\n", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_channels_and_a_pattern_on_one_tail_print_each_message_once()
    {
        await using var subscriber = CliProcess.Start(["subscribe", "multi:*", "multi:a", "other:b", "--json", "-n", "3", "--url", fixture.Url]);
        await subscriber.WaitForErrorAsync("subscribed to multi:*, multi:a, other:b");
        foreach (var channel in new[] { "multi:a", "other:b", "multi:c" })
        {
            Assert.Equal(0, (await CliProcess.RunAsync(["publish", channel, "e", "--url", fixture.Url])).ExitCode);
        }

        var result = await subscriber.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        var channels = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => ChannelOf().Match(line).Groups[1].Value).Order();
        Assert.Equal(["multi:a", "multi:c", "other:b"], channels);
    }

    [Fact]
    public async Task A_resume_the_history_cannot_honour_shows_a_gap_notice_then_what_the_channel_holds()
    {
        const string channel = "board:gap";
        var published = await CliProcess.RunAsync(["publish", channel, "kept", "--url", fixture.Url]);
        Assert.Equal(0, published.ExitCode);

        // An epoch this channel never had: the gateway cannot tell what was missed.
        var result = await CliProcess.RunAsync(["subscribe", channel, "--from", "1-5", "-n", "1", "--json", "--url", fixture.Url]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"gap on {channel}: messages after 1-5 are no longer held (epoch-changed); what the channel still holds follows\n", result.Error, StringComparison.Ordinal);
        Assert.StartsWith($$"""{"channel":"{{channel}}","event":"kept","timestamp":""", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Publish_reads_the_data_from_standard_input_when_given_a_dash()
    {
        const string channel = "board:stdin";
        await using var subscriber = CliProcess.Start(["subscribe", channel, "--json", "-n", "1", "--url", fixture.Url]);
        await subscriber.WaitForErrorAsync("subscribed to");

        var published = await CliProcess.RunAsync(["publish", channel, "piped", "-", "--url", fixture.Url], input: "{\"from\":\"stdin\"}\n");

        Assert.Equal(0, published.ExitCode);
        Assert.StartsWith($$"""{"channel":"{{channel}}","event":"piped","data":{"from":"stdin"},"timestamp":""", await subscriber.NextOutputLineAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_options_the_transport_comes_from_the_environment_like_the_library_detects_it()
    {
        const string channel = "board:detected";
        var http = new Dictionary<string, string?> { ["PHOTON_CHANNEL_HTTP_URL"] = fixture.Gateway.PublishUrl.ToString() };
        var socket = new Dictionary<string, string?> { ["PHOTON_SOCKET_DIR"] = fixture.Gateway.SocketDirectory };
        await using var subscriber = CliProcess.Start(["subscribe", channel, "-n", "1", "--json"], socket);
        Assert.Contains($"over socket at {fixture.Gateway.SocketPath()}", await subscriber.WaitForErrorAsync("subscribed to"), StringComparison.Ordinal);

        var published = await CliProcess.RunAsync(["publish", channel, "detected"], http);

        Assert.Equal(0, published.ExitCode);
        Assert.StartsWith($$"""{"channel":"{{channel}}","event":"detected","timestamp":""", await subscriber.NextOutputLineAsync(), StringComparison.Ordinal);
    }

    private string[] Target(string transport) => transport == "http"
        ? ["--url", fixture.Url]
        : ["--socket", fixture.Gateway.SocketPath()];

    [GeneratedRegex("""^(?<head>.*"timestamp":)(?<timestamp>\d+)(?<tail>.*)$""")]
    private static partial Regex StampedLine();

    [GeneratedRegex("""^\{"channel":"[^"]+","id":"([^"]+)","published":true\}\n$""")]
    private static partial Regex ReceiptId();

    [GeneratedRegex("""^\{"channel":"([^"]+)""")]
    private static partial Regex ChannelOf();
}
