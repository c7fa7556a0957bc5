using System.Net;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

/// <summary><c>GET /readyz</c>: ready once the mesh answers and every configured bridge has started.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task A_gateway_with_its_sockets_listening_and_no_Redis_is_ready()
    {
        await using var gateway = await GatewayHost.StartAsync();

        using var response = await gateway.Client.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"ready","mesh":"ok","daemon":"listening","redis":"off"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_Redis_bridge_counts_once_it_has_started_and_a_disabled_socket_is_off()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Photon:Redis:Url"] = redis.Url,
            ["Photon:Daemon:Enabled"] = "false",
        });

        string body = "";
        await Eventually.TrueAsync(
            async () => (body = await gateway.Client.GetStringAsync("/readyz")).Contains("\"redis\":\"connected\"", StringComparison.Ordinal),
            "the bridge is connected");

        Assert.Equal("""{"status":"ready","mesh":"ok","daemon":"off","redis":"connected"}""", body);
    }

    [Fact]
    public async Task Readiness_does_not_turn_off_when_Redis_goes_away_after_the_bridge_started()
    {
        var redis = await RedisServer.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Redis:Url"] = redis.Url });
        await Eventually.TrueAsync(async () => (await gateway.Client.GetStringAsync("/readyz")).Contains("connected", StringComparison.Ordinal), "the bridge is connected");

        await redis.StopAsync();

        HttpResponseMessage? response = null;
        await Eventually.TrueAsync(
            async () => (await (response = await gateway.Client.GetAsync("/readyz")).Content.ReadAsStringAsync()).Contains("\"redis\":\"disconnected\"", StringComparison.Ordinal),
            "the bridge notices Redis is gone");
        Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        response.Dispose();
    }
}
