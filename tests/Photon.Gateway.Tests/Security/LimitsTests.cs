using System.Diagnostics.Metrics;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Security;

public sealed class LimitedGatewayFixture : GatewayFixture
{
    public const string SlowToken = "slow-token-0123456789";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Photon:Gateway:Tokens:slow:Token"] = SlowToken,
        ["Photon:Gateway:Tokens:slow:Publish"] = "*",
        ["Photon:Gateway:Tokens:slow:Subscribe"] = "*",
        ["Photon:Gateway:Tokens:slow:PublishRatePerSecond"] = "0.01",
        ["Photon:Gateway:Tokens:slow:PublishBurst"] = "3",
        ["Photon:Gateway:MaxConnectionsPerClientAddress"] = "2",
    };
}

public sealed class LimitsTests(LimitedGatewayFixture fixture) : IClassFixture<LimitedGatewayFixture>
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Fact]
    public async Task Publishing_beyond_the_tokens_burst_is_refused_with_429_and_retry_after()
    {
        for (var i = 0; i < 3; i++)
        {
            await _gateway.Client.PublishAsync("rate:a", "e", token: LimitedGatewayFixture.SlowToken);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish")
        {
            Content = new StringContent("""{"channel":"rate:a","event":"e"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", LimitedGatewayFixture.SlowToken);
        using var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(429, (int)response.StatusCode);
        var retryAfter = int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 100);
        Assert.Equal(
            $$"""{"error":"rate_limited","message":"publish rate exceeded; retry after {{retryAfter}} s"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_address_may_hold_only_so_many_streams_and_gets_a_slot_back_when_one_ends()
    {
        using var meter = new MetricCollector(_gateway, "photon.gateway.rejected");
        var first = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=conn:a", bearerToken: LimitedGatewayFixture.SlowToken);
        await using var second = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=conn:b", bearerToken: LimitedGatewayFixture.SlowToken);

        using (var third = await _gateway.Client.GetAsync("/subscribe?channel=conn:c", LimitedGatewayFixture.SlowToken))
        {
            Assert.Equal(429, (int)third.StatusCode);
            Assert.Equal(
                """{"error":"too_many_connections","message":"this address already holds 2 event streams, the most allowed"}""",
                await third.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, meter.Total(("error", "too_many_connections")));
        await first.DisposeAsync();
        SseTestClient? again = null;
        await Eventually.TrueAsync(
            async () =>
            {
                again = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=conn:c", bearerToken: LimitedGatewayFixture.SlowToken);
                if ((int)again.Response.StatusCode == 429)
                {
                    await again.DisposeAsync();
                    return false;
                }

                return true;
            },
            "the first stream's slot is free again");
        await using var opened = again!;
        Assert.Equal(200, (int)opened.Response.StatusCode);
    }
}
