using System.Text;
using System.Text.Json;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

[Collection(GatewayCollection.Name)]
public sealed class BatchPublishTests(GatewayFixture fixture)
{
    private readonly GatewayHost _gateway = fixture.Gateway;

    [Fact]
    public async Task A_batch_with_one_bad_element_publishes_the_good_ones_and_answers_per_message()
    {
        await using var a = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=batch:a");
        await using var b = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=batch:b");
        var first = PublishHelpers.Expected("batch:a", "one", "1");
        var second = PublishHelpers.Expected("batch:b", "two", """{"x":[1,2]}""");
        var third = PublishHelpers.Expected("batch:a", "three", "3");
        var (status, body) = await _gateway.Client.PostAsync($$"""[{{first}}, {"channel":"batch:*","event":"bad"},{{second}},{{third}}]""");

        Assert.Equal(207, status);
        var results = JsonDocument.Parse(body).RootElement.EnumerateArray().ToArray();
        Assert.Equal(4, results.Length);
        Assert.Equal("invalid_channel", results[1].GetProperty("error").GetString());
        var ids = new[] { results[0], results[2], results[3] }.Select(r => r.GetProperty("id").GetString()).ToArray();
        Assert.Equal(["batch:a", "batch:b", "batch:a"], new[] { results[0], results[2], results[3] }.Select(r => r.GetProperty("channel").GetString()));

        Assert.Equal((ids[0], first), (await a.NextEventAsync()).IdAndData());
        Assert.Equal((ids[2], third), (await a.NextEventAsync()).IdAndData());
        Assert.Equal((ids[1], second), (await b.NextEventAsync()).IdAndData());
    }

    [Fact]
    public async Task A_batch_over_many_channels_publishes_each_channels_messages_in_batch_order()
    {
        const int Channels = 10;
        const int PerChannel = 50;
        var streams = await Task.WhenAll(Enumerable.Range(0, Channels).Select(c => SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel=batch:lane{c}")));
        try
        {
            // Interleaved: element i goes to channel i % 10.
            var messages = Enumerable.Range(0, Channels * PerChannel)
                .Select(i => PublishHelpers.Expected($"batch:lane{i % Channels}", $"e{i / Channels}", $"{i}"))
                .ToArray();
            var (status, body) = await _gateway.Client.PostAsync($"[{string.Join(',', messages)}]");

            Assert.Equal(200, status);
            var results = JsonDocument.Parse(body).RootElement.EnumerateArray().ToArray();
            Assert.Equal(messages.Length, results.Length);
            for (var c = 0; c < Channels; c++)
            {
                for (var k = 0; k < PerChannel; k++)
                {
                    var i = k * Channels + c;
                    Assert.Equal($"batch:lane{c}", results[i].GetProperty("channel").GetString());
                    Assert.Equal((results[i].GetProperty("id").GetString(), messages[i]), (await streams[c].NextEventAsync()).IdAndData());
                }
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_batch_that_all_publishes_answers_200()
    {
        var (status, body) = await _gateway.Client.PostAsync($$"""[{{PublishHelpers.Expected("batch:ok", "e")}}]""");
        Assert.Equal(200, status);
        Assert.Matches("""^\[\{"channel":"batch:ok","id":"[0-9a-f]+-1","published":true\}\]$""", body);
    }

    [Theory]
    [InlineData("[]", "invalid_message")]
    [InlineData("[{\"channel\":\"batch:x\",\"event\":\"e\"},", "invalid_json")]
    public async Task A_batch_that_is_not_a_JSON_array_of_messages_is_refused_whole(string body, string code)
    {
        var (status, answer) = await _gateway.Client.PostAsync(body);
        Assert.Equal(400, status);
        Assert.Equal(code, JsonDocument.Parse(answer).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_retried_publish_with_an_idempotency_key_is_stored_once()
    {
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=idem:a");
        var message = PublishHelpers.Expected("idem:a", "once");
        var answers = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            answers.Add(await PostWithKeyAsync(message, "retry-key-1", 200));
        }

        Assert.Single(answers.Select(a => JsonDocument.Parse(a).RootElement.GetProperty("id").GetString()).Distinct());
        Assert.DoesNotContain("duplicate", answers[0], StringComparison.Ordinal);
        Assert.Contains("\"duplicate\":true", answers[^1], StringComparison.Ordinal);

        await _gateway.Client.PublishAsync("idem:a", "after");
        Assert.Equal(PublishHelpers.Expected("idem:a", "once"), (await subscriber.NextEventAsync()).Data);
        Assert.Equal(PublishHelpers.Expected("idem:a", "after"), (await subscriber.NextEventAsync()).Data);
    }

    [Fact]
    public async Task A_batch_with_an_idempotency_key_is_retried_element_by_element()
    {
        var batch = $$"""[{{PublishHelpers.Expected("idem:b", "x")}},{{PublishHelpers.Expected("idem:c", "y")}}]""";
        var first = await PostWithKeyAsync(batch, "batch-key-1", 200);
        var again = await PostWithKeyAsync(batch, "batch-key-1", 200);
        Assert.Equal(first.Replace("}", ",\"duplicate\":true}", StringComparison.Ordinal), again);
    }

    [Theory]
    [InlineData("has space", 400, "invalid_idempotency_key")]
    public async Task A_malformed_idempotency_key_is_refused(string key, int status, string code)
    {
        var answer = await PostWithKeyAsync(PublishHelpers.Expected("idem:bad", "e"), key, status);
        Assert.Equal(code, JsonDocument.Parse(answer).RootElement.GetProperty("error").GetString());
    }

    private async Task<string> PostWithKeyAsync(string json, string key, int expectedStatus)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        using var response = await _gateway.Client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expectedStatus, $"{(int)response.StatusCode}: {body}");
        return body;
    }
}
