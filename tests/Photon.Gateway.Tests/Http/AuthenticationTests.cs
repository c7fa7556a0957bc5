using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

public sealed class AuthenticatedGatewayFixture : GatewayFixture
{
    public const string Token = "s3cret-token";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Photon:Gateway:AuthToken"] = Token };
}

public sealed class AuthenticationTests(AuthenticatedGatewayFixture fixture) : IClassFixture<AuthenticatedGatewayFixture>
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    [InlineData("s3cret-token-but-longer")]
    [InlineData("s3cret-toke")]
    public async Task Publishing_without_the_right_token_is_refused_with_401(string? token)
    {
        var (status, body) = await _gateway.Client.PostAsync("""{"channel":"auth:a","event":"e"}""", token);
        Assert.Equal(401, status);
        Assert.Contains("\"error\":\"unauthorized\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribing_without_the_token_is_refused_with_401()
    {
        using var response = await _gateway.Client.GetAsync("/subscribe?channel=auth:a");
        Assert.Equal(401, (int)response.StatusCode);
    }

    [Fact]
    public async Task With_the_token_publish_and_subscribe_work()
    {
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=auth:ok", bearerToken: AuthenticatedGatewayFixture.Token);
        await _gateway.Client.PublishAsync("auth:ok", "e", token: AuthenticatedGatewayFixture.Token);
        Assert.Equal(PublishHelpers.Expected("auth:ok", "e"), (await subscriber.NextEventAsync()).Data);
    }

    [Fact]
    public async Task A_browser_event_stream_may_carry_the_token_in_its_cookie_but_nothing_else_may()
    {
        var cookie = $"photon_token={AuthenticatedGatewayFixture.Token}";
        using var subscribe = new HttpRequestMessage(HttpMethod.Get, "/subscribe?channel=auth:cookie");
        subscribe.Headers.Add("Cookie", cookie);
        using var stream = await _gateway.Client.SendAsync(subscribe, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(200, (int)stream.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/subscribe?channel=auth:cookie");
        wrong.Headers.Add("Cookie", "photon_token=wrong");
        using var refused = await _gateway.Client.SendAsync(wrong, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(401, (int)refused.StatusCode);

        using var publish = new HttpRequestMessage(HttpMethod.Post, "/publish") { Content = new StringContent("""{"channel":"auth:cookie","event":"e"}""", System.Text.Encoding.UTF8, "application/json") };
        publish.Headers.Add("Cookie", cookie);
        using var published = await _gateway.Client.SendAsync(publish);
        Assert.Equal(401, (int)published.StatusCode);
    }

    [Fact]
    public async Task Health_needs_no_token()
    {
        using var response = await _gateway.Client.GetAsync("/healthz");
        Assert.Equal(200, (int)response.StatusCode);
    }
}
