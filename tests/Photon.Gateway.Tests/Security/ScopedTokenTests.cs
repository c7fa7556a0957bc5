using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Security;

public sealed class ScopedTokenTests(ScopedTokenGatewayFixture fixture) : IClassFixture<ScopedTokenGatewayFixture>
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Theory]
    [InlineData("board:a")]
    [InlineData("board:b")]
    [InlineData("audit:board")]
    public async Task A_scoped_token_publishes_inside_its_patterns(string channel)
    {
        await _gateway.Client.PublishAsync(channel, "e", token: ScopedTokenGatewayFixture.BoardToken);
    }

    [Theory]
    [InlineData("other:a", "board:*,audit:board")]
    [InlineData("board:a:deeper", "board:*,audit:board")]
    [InlineData("board", "board:*,audit:board")]
    public async Task Publishing_outside_the_patterns_is_refused_with_403(string channel, string allowed)
    {
        var (status, body) = await _gateway.Client.PostAsync($$"""{"channel":"{{channel}}","event":"e"}""", ScopedTokenGatewayFixture.BoardToken);
        Assert.Equal(403, status);
        Assert.Equal($$"""{"error":"forbidden","message":"token 'board' may not publish to '{{channel}}' (allowed: {{allowed}})"}""", body);
    }

    [Fact]
    public async Task A_token_without_publish_patterns_cannot_publish()
    {
        var (status, body) = await _gateway.Client.PostAsync("""{"channel":"board:a","event":"e"}""", ScopedTokenGatewayFixture.ReaderToken);
        Assert.Equal(403, status);
        Assert.Contains("(allowed: (none))", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("channel=board:a")]
    [InlineData("channel=board:*")]
    [InlineData("channel=board:a&channel=board:b")]
    public async Task A_scoped_token_subscribes_inside_its_patterns(string query)
    {
        await using var stream = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?" + query, bearerToken: ScopedTokenGatewayFixture.BoardToken);
        Assert.Equal(200, (int)stream.Response.StatusCode);
    }

    [Theory]
    [InlineData("channel=*", "*")]
    [InlineData("channel=other:*", "other:*")]
    [InlineData("channel=board:a&channel=audit:board", "audit:board")]
    public async Task Subscribing_outside_the_patterns_is_refused_with_403(string query, string refused)
    {
        using var response = await _gateway.Client.GetAsync("/subscribe?" + query, ScopedTokenGatewayFixture.BoardToken);
        Assert.Equal(403, (int)response.StatusCode);
        Assert.Equal(
            $$"""{"error":"forbidden","message":"token 'board' may not subscribe to '{{refused}}' (allowed: board:*)"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task What_one_scoped_token_publishes_another_receives()
    {
        await using var reader = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=*", bearerToken: ScopedTokenGatewayFixture.ReaderToken);
        await reader.NextFrameAsync();
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("*") == 1, "the stream is live");
        await _gateway.Client.PublishAsync("board:shared", "moved", token: ScopedTokenGatewayFixture.BoardToken);
        Assert.Equal(PublishHelpers.Expected("board:shared", "moved"), (await reader.NextEventAsync()).Data);
    }

    [Fact]
    public async Task The_shared_token_may_use_every_channel()
    {
        await _gateway.Client.PublishAsync("anything:a", "e", token: ScopedTokenGatewayFixture.SharedToken);
        await using var stream = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=*", bearerToken: ScopedTokenGatewayFixture.SharedToken);
        Assert.Equal(200, (int)stream.Response.StatusCode);
    }

    [Fact]
    public async Task Daemon_clients_act_as_the_configured_token()
    {
        await using var client = await DaemonTestClient.ConnectAsync(_gateway.SocketPath());

        var allowed = await client.SubscribeAsync("board:d");
        Assert.True(allowed[^1].GetProperty("success").GetBoolean());

        var refused = await client.SubscribeAsync("other:d", id: "s2");
        Assert.Equal(
            """{"type":"error","id":"s2","error":"token 'board' may not subscribe to 'other:d' (allowed: board:*)"}""",
            refused[^1].GetRawText());

        await client.SendLineAsync("""{"type":"publish","id":"p1","channel":"other:d","message":{"event":"e"}}""");
        Assert.Equal(
            """{"type":"error","id":"p1","error":"token 'board' may not publish to 'other:d' (allowed: board:*,audit:board)"}""",
            await client.ReadLineAsync());

        await client.SendLineAsync("""{"type":"get_events_since","id":"g1","channel":"other:d"}""");
        Assert.Equal(
            """{"type":"error","id":"g1","error":"token 'board' may not subscribe to 'other:d' (allowed: board:*)"}""",
            await client.ReadLineAsync());
    }
}
