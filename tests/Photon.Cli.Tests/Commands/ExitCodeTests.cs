using Photon.Cli.Tests.Helpers;
using Photon.Testing;

namespace Photon.Cli.Tests.Commands;

/// <summary>Every documented failure: its exit code and the exact first words of its message.</summary>
[Collection(CliGatewayCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ExitCodeTests(CliGatewayFixture fixture)
{
    [Theory]
    [InlineData("bad*", "e", "{}", "photon-channels: invalid channel 'bad*': channel must not contain '*' (wildcards are only for subscribing: '*' or 'prefix:*')\n")]
    [InlineData("board:x", "", "{}", "photon-channels: invalid event '': event must not be empty\n")]
    [InlineData("board:x", "e", "{oops", "photon-channels: invalid JSON for the data: ")]
    public async Task Invalid_input_exits_3_and_sends_nothing(string channel, string eventName, string json, string error)
    {
        var result = await InProcessCli.RunAsync(["publish", channel, eventName, json, "--url", fixture.Url]);

        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Output);
    }

    [Fact]
    public async Task An_invalid_pattern_or_resume_id_exits_3()
    {
        var pattern = await InProcessCli.RunAsync(["subscribe", "a:*:b", "--url", fixture.Url]);
        var id = await InProcessCli.RunAsync(["subscribe", "board:x", "--from", "yesterday", "--url", fixture.Url]);

        Assert.Equal((3, "photon-channels: invalid channel or pattern 'a:*:b': channel must not contain '*' (wildcards are only for subscribing: '*' or 'prefix:*')\n"), (pattern.ExitCode, pattern.Error));
        Assert.Equal((3, "photon-channels: --from 'yesterday' is not an event id: expected <epoch>-<sequence>, e.g. 3f9c01b2e7-17, as subscribe and publish print it\n"), (id.ExitCode, id.Error));
    }

    [Theory]
    [InlineData(new[] { "subscribe" }, "photon-channels: Required argument 'channel' missing for command: 'subscribe'.")]
    [InlineData(new[] { "publish", "board:x", "e", "--transport", "carrier-pigeon" }, "photon-channels: Argument 'carrier-pigeon' not recognized. Must be one of:")]
    [InlineData(new[] { "subscribe", "a:x", "b:y", "--from", "1-1" }, "photon-channels: --from resumes one channel or pattern (event ids are per channel); give just one\n")]
    [InlineData(new[] { "subscribe", "a:*", "--from", "1-1", "--socket", "/tmp/none.sock" }, "photon-channels: the daemon socket resumes exact channels only; use --transport http to resume a pattern\n")]
    [InlineData(new[] { "subscribe", "a:x", "--from", "1-1", "--url", "redis://127.0.0.1:1" }, "photon-channels: Redis pub/sub keeps no history, so --from cannot resume over redis; use --transport http or socket\n")]
    [InlineData(new[] { "publish", "a:x", "e", "--url", "ftp://example.org" }, "photon-channels: --url must be an absolute http(s) URL such as http://127.0.0.1:8080 (got 'ftp://example.org')\n")]
    [InlineData(new[] { "frobnicate" }, "photon-channels: ")]
    public async Task Usage_errors_exit_2(string[] args, string error)
    {
        var result = await InProcessCli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(error, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_broker_type_in_the_environment_exits_2_naming_the_known_ones()
    {
        var result = await InProcessCli.RunAsync(["publish", "a:x", "e"], new Dictionary<string, string?> { ["PHOTON_CHANNEL_BROKER"] = "kafka" });

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("photon-channels: the environment does not configure a usable broker: Unknown broker type: kafka. Available types: noop, daemon, redis, http (Parameter 'type')\n", result.Error);
    }

    [Fact]
    public async Task Nothing_listening_exits_4_naming_the_transport_and_address_it_tried()
    {
        var port = FreePort.Next();
        var socket = Path.Combine(Path.GetTempPath(), $"photon-cli-{Guid.NewGuid():N}.sock");

        var http = await CliProcess.RunAsync(["publish", "board:x", "e", "--url", $"http://127.0.0.1:{port}"]);
        var sse = await CliProcess.RunAsync(["subscribe", "board:x", "--url", $"http://127.0.0.1:{port}"]);
        var daemon = await CliProcess.RunAsync(["publish", "board:x", "e", "--socket", socket]);
        var channels = await CliProcess.RunAsync(["channels", "--url", $"http://127.0.0.1:{port}"]);

        Assert.Equal(4, http.ExitCode);
        Assert.StartsWith($"photon-channels: publishing to board:x failed: cannot reach http at http://127.0.0.1:{port}/publish: Connection refused", http.Error, StringComparison.Ordinal);
        Assert.Equal(4, sse.ExitCode);
        Assert.StartsWith($"photon-channels: subscribing to board:x failed: cannot reach http at http://127.0.0.1:{port}/subscribe: Connection refused", sse.Error, StringComparison.Ordinal);
        Assert.Equal(4, daemon.ExitCode);
        Assert.StartsWith($"photon-channels: publishing to board:x failed: cannot reach socket at {socket}: ", daemon.Error, StringComparison.Ordinal);
        Assert.Equal(4, channels.ExitCode);
        Assert.StartsWith($"photon-channels: listing channels failed: cannot reach the gateway at http://127.0.0.1:{port}/channels: Connection refused", channels.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_gateway_that_wants_a_token_refuses_with_exit_5_and_accepts_the_environments_token()
    {
        const string token = "cli-test-token-0123456789abcdef";
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Gateway:AuthToken"] = token });
        var url = gateway.BaseAddress.ToString();

        var refused = await CliProcess.RunAsync(["publish", "board:x", "e", "--url", url]);
        var refusedTail = await CliProcess.RunAsync(["subscribe", "board:x", "--url", url]);
        var accepted = await CliProcess.RunAsync(["publish", "board:x", "e", "--url", url], new Dictionary<string, string?> { ["PHOTON_CHANNEL_AUTH_TOKEN"] = token });

        Assert.Equal(5, refused.ExitCode);
        Assert.StartsWith($"photon-channels: publishing to board:x failed: http at {url}publish refused: HTTP publish failed: 401 Unauthorized - ", refused.Error, StringComparison.Ordinal);
        Assert.Equal(5, refusedTail.ExitCode);
        Assert.StartsWith($"photon-channels: subscribing to board:x failed: http at {url}subscribe refused: ", refusedTail.Error, StringComparison.Ordinal);
        Assert.Contains("401", refusedTail.Error, StringComparison.Ordinal);
        Assert.Equal(0, accepted.ExitCode);
    }
}
