using System.Text;
using System.Text.Json;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Webhooks;

[Collection(WebhookCollection.Name)]
public sealed class WebhookEndpointTests(WebhookGatewayFixture fixture)
{
    // Whitespace, a newline-free multi-key object, non-ASCII text and escapes: all must arrive as they were sent.
    private const string PushBody = """{"ref":"refs/heads/main", "after":"9f1c2e","pusher":{"name":"Zoë"},"note":"a \"quoted\" \u00e9 ✓" ,"size":3}""";

    private readonly GatewayHost _gateway = fixture.Gateway;

    private Task<SseTestClient> SubscribeAsync(string channel) =>
        SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}", bearerToken: WebhookGatewayFixture.ReaderToken);

    [Fact]
    public async Task A_signed_GitHub_delivery_is_published_with_the_body_as_data_byte_for_byte()
    {
        await using var subscriber = await SubscribeAsync("repo:photon");
        var (status, body) = await _gateway.Client.SendWebhookAsync(WebhookRequests.GitHub("repo:photon", PushBody, "push", "72d3162e-cc78-11e3-81ab-4c9367dc0958"));

        Assert.Equal(200, status);
        using var receipt = JsonDocument.Parse(body);
        Assert.Equal("repo:photon", receipt.RootElement.GetProperty("channel").GetString());
        Assert.False(receipt.RootElement.TryGetProperty("duplicate", out _));
        var (id, _, data) = await subscriber.NextEventAsync();
        Assert.Equal(receipt.RootElement.GetProperty("id").GetString(), id);
        Assert.Matches("""^\{"channel":"repo:photon","event":"push","data":(.*),"timestamp":\d{13},"source":"webhook:github"\}$""", data);
        Assert.Equal(PushBody, data[(data.IndexOf("\"data\":", StringComparison.Ordinal) + 7)..data.LastIndexOf(",\"timestamp\"", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task The_same_delivery_sent_three_times_is_published_once_and_answered_with_the_original_id()
    {
        await using var subscriber = await SubscribeAsync("repo:retried");
        using var meter = new MetricCollector(_gateway, "photon.gateway.idempotent_replays");
        var ids = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var response = await _gateway.Client.SendAsync(WebhookRequests.GitHub("repo:retried", PushBody, "push", "delivery-retried-1"));
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(attempt > 0, response.Headers.Contains("Idempotent-Replayed"));
            using var receipt = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            ids.Add(receipt.RootElement.GetProperty("id").GetString()!);
            Assert.Equal(attempt > 0, receipt.RootElement.TryGetProperty("duplicate", out var duplicate) && duplicate.GetBoolean());
        }

        Assert.Single(ids.Distinct());
        Assert.Equal(2, meter.Total(("transport", "webhook")));

        // Exactly one event: the next one the subscriber sees is a later, different delivery.
        var (status, _) = await _gateway.Client.SendWebhookAsync(WebhookRequests.GitHub("repo:retried", """{"n":2}""", "push", "delivery-retried-2"));
        Assert.Equal(200, status);
        Assert.Equal(ids[0], (await subscriber.NextEventAsync()).Id);
        Assert.Contains("\"data\":{\"n\":2}", (await subscriber.NextEventAsync()).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivery_id_reused_for_a_different_body_is_refused_with_422()
    {
        Assert.Equal(200, (await _gateway.Client.SendWebhookAsync(WebhookRequests.GitHub("repo:reused", """{"a":1}""", "push", "delivery-reused"))).Status);
        var (status, body) = await _gateway.Client.SendWebhookAsync(WebhookRequests.GitHub("repo:reused", """{"a":2}""", "push", "delivery-reused"));
        Assert.Equal(422, status);
        Assert.Contains("\"error\":\"idempotency_key_reused\"", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong-secret-0123456789", "signature does not match the body")]
    [InlineData(null, "missing X-Hub-Signature-256 header")]
    public async Task A_bad_or_missing_signature_is_refused_with_401_and_the_reason(string? secret, string reason)
    {
        using var meter = new MetricCollector(_gateway, "photon.gateway.rejected");
        await using var subscriber = await SubscribeAsync("repo:forged");
        var request = WebhookRequests.GitHub("repo:forged", PushBody, "push", "forged-" + (secret ?? "none"), secret ?? "x");
        if (secret is null)
        {
            request.Headers.Remove("X-Hub-Signature-256");
        }

        var (status, body) = await _gateway.Client.SendWebhookAsync(request);
        Assert.Equal(401, status);
        Assert.Equal($$"""{"error":"invalid_signature","message":"{{reason}}"}""", body);
        Assert.Equal(1, meter.Total(("error", "invalid_signature")));

        // Nothing was published: the next event is a genuine delivery.
        await _gateway.Client.SendWebhookAsync(WebhookRequests.GitHub("repo:forged", """{"genuine":true}""", "push", "genuine-" + (secret ?? "none")));
        Assert.Contains("\"genuine\":true", (await subscriber.NextEventAsync()).Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_timestamped_delivery_is_accepted_when_fresh_and_refused_when_stale()
    {
        await using var subscriber = await SubscribeAsync("builds:photon");
        var (fresh, _) = await _gateway.Client.SendWebhookAsync(WebhookRequests.Timestamped("builds:photon", """{"build":41,"status":"passed"}""", DateTimeOffset.UtcNow));
        Assert.Equal(200, fresh);
        Assert.Matches("""^\{"channel":"builds:photon","event":"webhook","data":\{"build":41,"status":"passed"\},"timestamp":\d{13},"source":"ci-server"\}$""", (await subscriber.NextEventAsync()).Data);

        var (stale, body) = await _gateway.Client.SendWebhookAsync(WebhookRequests.Timestamped("builds:photon", """{"build":41,"status":"passed"}""", DateTimeOffset.UtcNow.AddMinutes(-10)));
        Assert.Equal(401, stale);
        Assert.Matches("""^\{"error":"invalid_signature","message":"X-Signature-Timestamp is 6\d\d s from now, outside the 60 s tolerance: replayed, or the clocks disagree"\}$""", body);
    }

    [Fact]
    public async Task A_Standard_Webhooks_delivery_is_verified_by_any_of_its_signatures_and_deduplicated_by_its_id()
    {
        await using var subscriber = await SubscribeAsync("payments:acme");
        var answers = new List<string>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var (status, body) = await _gateway.Client.SendWebhookAsync(WebhookRequests.Standard("payments:acme", """{"type":"invoice.paid"}""", "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W", DateTimeOffset.UtcNow));
            Assert.Equal(200, status);
            answers.Add(JsonDocument.Parse(body).RootElement.GetProperty("id").GetString()!);
        }

        Assert.Single(answers.Distinct());
        Assert.Equal(answers[0], (await subscriber.NextEventAsync()).Id);
    }

    [Fact]
    public async Task A_form_body_is_kept_as_a_JSON_string_and_the_event_comes_from_the_query()
    {
        await using var subscriber = await SubscribeAsync("builds:form");
        const string form = "payload=%7B%22a%22%3A1%7D&x=%C3%A9";
        var request = WebhookRequests.Timestamped("builds:form", form, DateTimeOffset.UtcNow);
        request.RequestUri = new Uri("/webhooks/builds:form?event=build-finished", UriKind.Relative);
        request.Content = new StringContent(form, Encoding.UTF8, "application/x-www-form-urlencoded");
        Assert.Equal(200, (await _gateway.Client.SendWebhookAsync(request)).Status);
        Assert.Matches("""^\{"channel":"builds:form","event":"build-finished","data":"payload=%7B%22a%22%3A1%7D&x=%C3%A9","timestamp":\d{13},"source":"ci-server"\}$""", (await subscriber.NextEventAsync()).Data);
    }

    [Fact]
    public async Task An_unsigned_endpoint_takes_a_bearer_token_instead()
    {
        await using var subscriber = await SubscribeAsync("functions:resize");
        var (refused, error) = await _gateway.Client.SendWebhookAsync(WebhookRequests.Json("functions:resize", """{"image":7}"""));
        Assert.Equal(401, refused);
        Assert.Contains("\"error\":\"unauthorized\"", error, StringComparison.Ordinal);

        var request = WebhookRequests.Json("functions:resize", """{"image":7}""");
        request.Headers.Authorization = new("Bearer", WebhookGatewayFixture.Token);
        Assert.Equal(200, (await _gateway.Client.SendWebhookAsync(request)).Status);
        Assert.Contains("\"data\":{\"image\":7}", (await subscriber.NextEventAsync()).Data, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("other:x", 404, "webhook_not_configured")]
    [InlineData("repo:json", 400, "invalid_json")]
    public async Task Requests_outside_the_endpoints_or_with_broken_bodies_get_a_clear_error(string channel, int status, string code)
    {
        var (actual, body) = await _gateway.Client.SendWebhookAsync(WebhookRequests.GitHub(channel, "{not json", "push", "broken-" + channel));
        Assert.Equal(status, actual);
        Assert.Equal(code, JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        var (status, body) = await _gateway.Client.SendWebhookAsync(WebhookRequests.GitHub("repo:big", $$"""{"x":"{{new string('x', 5000)}}"}""", "push", "big"));
        Assert.Equal(413, status);
        Assert.Contains("message_too_large", body, StringComparison.Ordinal);
    }
}
