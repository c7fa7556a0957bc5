using System.Text;
using System.Text.Json;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

[Collection(GatewayCollection.Name)]
public sealed class PublishEndpointTests(GatewayFixture fixture)
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Fact]
    public async Task Publishing_answers_200_with_the_channel_and_the_assigned_id()
    {
        var (status, body) = await _gateway.Client.PostAsync("""{"channel":"pub:receipt","event":"x","data":1}""");
        Assert.Equal(200, status);
        using var receipt = JsonDocument.Parse(body);
        Assert.Equal("pub:receipt", receipt.RootElement.GetProperty("channel").GetString());
        Assert.True(receipt.RootElement.GetProperty("published").GetBoolean());
        Assert.Matches("^[0-9a-f]+-1$", receipt.RootElement.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("""{"nested":[1,2,{"deep":true}],"unicode":"é✓"}""")]
    public async Task Data_reaches_subscribers_byte_for_byte(string data)
    {
        var channel = $"pub:data-{Convert.ToHexString(Encoding.UTF8.GetBytes(data))}";
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}");
        var body = $$"""{"channel":"{{channel}}","event":"e","data":{{data}},"timestamp":5}""";
        Assert.Equal(200, (await _gateway.Client.PostAsync(body)).Status);
        Assert.Equal(body, (await subscriber.NextEventAsync()).Data);
    }

    [Fact]
    public async Task Extra_fields_are_kept_and_a_missing_timestamp_is_filled_in_at_the_end()
    {
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=pub:extra");
        Assert.Equal(200, (await _gateway.Client.PostAsync("""{"event":"e","channel":"pub:extra","source":"KanbanMCP","x-trace":[1]}""")).Status);

        var data = (await subscriber.NextEventAsync()).Data;
        Assert.Matches("""^\{"event":"e","channel":"pub:extra","source":"KanbanMCP","x-trace":\[1\],"timestamp":\d{13}\}$""", data);
    }

    [Fact]
    public async Task A_message_without_data_is_relayed_without_data()
    {
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=pub:nodata");
        Assert.Equal(200, (await _gateway.Client.PostAsync("""{"channel":"pub:nodata","event":"e","timestamp":7}""")).Status);
        Assert.Equal("""{"channel":"pub:nodata","event":"e","timestamp":7}""", (await subscriber.NextEventAsync()).Data);
    }

    [Theory]
    [InlineData("{not json", 400, "invalid_json")]
    [InlineData("", 400, "invalid_json")]
    [InlineData("42", 400, "invalid_message")]
    [InlineData("""{"event":"e"}""", 400, "invalid_channel")]
    [InlineData("""{"channel":"pub:x"}""", 400, "invalid_event")]
    [InlineData("""{"channel":"","event":"e"}""", 400, "invalid_channel")]
    [InlineData("""{"channel":42,"event":"e"}""", 400, "invalid_channel")]
    [InlineData("""{"channel":"a\u0007b","event":"e"}""", 400, "invalid_channel")]
    [InlineData("""{"channel":"pub:*","event":"e"}""", 400, "invalid_channel")]
    [InlineData("""{"channel":"pub:x","event":""}""", 400, "invalid_event")]
    [InlineData("""{"channel":"pub:x","event":"e","timestamp":"yesterday"}""", 400, "invalid_message")]
    [InlineData("""{"channel":"pub:x","event":"e"} trailing""", 400, "invalid_json")]
    public async Task Bad_input_gets_a_clear_error_and_the_gateway_keeps_serving(string body, int status, string code)
    {
        var (actualStatus, answer) = await _gateway.Client.PostAsync(body);
        Assert.Equal(status, actualStatus);
        using var error = JsonDocument.Parse(answer);
        Assert.Equal(code, error.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.RootElement.GetProperty("message").GetString()));

        await _gateway.Client.PublishAsync("pub:after-bad-input", "ok");
    }

    [Fact]
    public async Task A_channel_name_of_256_characters_is_accepted_and_257_refused()
    {
        Assert.Equal(200, (await _gateway.Client.PostAsync($$"""{"channel":"{{new string('c', 256)}}","event":"e"}""")).Status);
        var (status, body) = await _gateway.Client.PostAsync($$"""{"channel":"{{new string('c', 257)}}","event":"e"}""");
        Assert.Equal(400, status);
        Assert.Contains("at most 256", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_size_limit_is_refused_with_413()
    {
        var big = $$"""{"channel":"pub:big","event":"e","data":"{{new string('x', 5000)}}"}""";
        var (status, body) = await _gateway.Client.PostAsync(big);
        Assert.Equal(413, status);
        Assert.Contains("message_too_large", body, StringComparison.Ordinal);

        await _gateway.Client.PublishAsync("pub:after-big", "ok");
    }

    [Fact]
    public async Task Health_answers_200_once_the_gateway_can_publish()
    {
        using var response = await _gateway.Client.GetAsync("/healthz");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("""{"status":"ok"}""", await response.Content.ReadAsStringAsync());
    }
}
