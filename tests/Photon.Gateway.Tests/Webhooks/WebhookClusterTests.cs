using System.Text.Json;
using Microsoft.Extensions.Options;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Webhooks;

/// <summary>Idempotency keys live with the channel grain: a delivery retried on another gateway of the cluster publishes nothing new.</summary>
public sealed class WebhookClusterTests
{
    [Fact]
    public async Task A_delivery_sent_three_times_to_two_gateways_of_one_cluster_is_published_once()
    {
        var cluster = TwoGatewayCluster.Create();
        await using var hosting = await GatewayHost.StartAsync(WebhookGatewayFixture.Configure(cluster.Hosting));
        await using var client = await GatewayHost.StartAsync(WebhookGatewayFixture.Configure(cluster.Joining));
        await using var subscriber = await SseTestClient.ConnectAsync(client.Client, "/subscribe?channel=repo:clustered", bearerToken: WebhookGatewayFixture.ReaderToken);

        var ids = new List<string>();
        foreach (var gateway in new[] { hosting, client, hosting })
        {
            var (status, body) = await gateway.Client.SendWebhookAsync(WebhookRequests.GitHub("repo:clustered", """{"action":"opened"}""", "pull_request", "cluster-delivery-1"));
            Assert.Equal(200, status);
            ids.Add(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
        }

        Assert.Single(ids.Distinct());
        await hosting.Client.SendWebhookAsync(WebhookRequests.GitHub("repo:clustered", """{"action":"closed"}""", "pull_request", "cluster-delivery-2"));
        Assert.Equal(ids[0], (await subscriber.NextEventAsync()).Id);
        Assert.Contains("\"action\":\"closed\"", (await subscriber.NextEventAsync()).Data, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Photon:Gateway:Webhooks:bad:Secret", null, "Photon:Gateway:Webhooks:bad:Secret is required for the GitHub scheme and must be at least 16 characters")]
    [InlineData("Photon:Gateway:Webhooks:bad:Secret", "short", "Photon:Gateway:Webhooks:bad:Secret is required for the GitHub scheme and must be at least 16 characters")]
    [InlineData("Photon:Gateway:Webhooks:bad:Channels", "repo:*", "Channels: 'repo:*' is already served by webhook endpoint '")]
    [InlineData("Photon:Gateway:Webhooks:bad:Scheme", "StandardWebhooks", "Photon:Gateway:Webhooks:bad:Secret must be whsec_<base64 of at least 16 bytes> for the StandardWebhooks scheme")]
    public async Task A_misconfigured_endpoint_stops_the_gateway_at_startup_naming_the_setting(string key, string? value, string message)
    {
        var settings = WebhookGatewayFixture.Configure(new Dictionary<string, string?>());
        settings["Photon:Gateway:Webhooks:bad:Channels"] = "other:*";
        settings["Photon:Gateway:Webhooks:bad:Secret"] = "another-secret-0123456789";
        settings[key] = value;
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.StartAsync(settings));
        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }
}
