using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Photon.Gateway.Tests.Webhooks;

/// <summary>Webhook requests signed as their senders sign them.</summary>
public static class WebhookRequests
{
    /// <summary>A GitHub delivery: <c>X-Hub-Signature-256: sha256=&lt;hex HMAC of the body&gt;</c>.</summary>
    public static HttpRequestMessage GitHub(string channel, string body, string eventName, string deliveryId, string secret = WebhookGatewayFixture.GitHubSecret)
    {
        var request = Json(channel, body);
        request.Headers.Add("X-GitHub-Event", eventName);
        request.Headers.Add("X-GitHub-Delivery", deliveryId);
        request.Headers.Add("X-Hub-Signature-256", "sha256=" + Hex(secret, body));
        return request;
    }

    /// <summary>A timestamped delivery: <c>X-Signature</c> over <c>&lt;timestamp&gt;.&lt;body&gt;</c>.</summary>
    public static HttpRequestMessage Timestamped(string channel, string body, DateTimeOffset signedAt, string secret = WebhookGatewayFixture.TimestampedSecret)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var request = Json(channel, body);
        request.Headers.Add("X-Signature-Timestamp", timestamp);
        request.Headers.Add("X-Signature", "sha256=" + Hex(secret, timestamp + "." + body));
        return request;
    }

    /// <summary>A Standard Webhooks (Svix) delivery: <c>webhook-signature: v1,&lt;base64 HMAC of id.timestamp.body&gt;</c>.</summary>
    public static HttpRequestMessage Standard(string channel, string body, string id, DateTimeOffset signedAt)
    {
        var timestamp = signedAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var key = Convert.FromBase64String(WebhookGatewayFixture.StandardSecret["whsec_".Length..]);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        var request = Json(channel, body);
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp);
        request.Headers.Add("webhook-signature", "v1,c29tZSBvbGQga2V5J3Mgc2lnbmF0dXJlIGhlcmUhIQ== v1," + signature);
        return request;
    }

    public static HttpRequestMessage Json(string channel, string body) =>
        new(HttpMethod.Post, "/webhooks/" + Uri.EscapeDataString(channel)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    public static string Hex(string secret, string signedText) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(signedText)));

    public static async Task<(int Status, string Body)> SendWebhookAsync(this HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
    }
}
