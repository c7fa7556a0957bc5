using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Photon.Channels;

namespace Photon.Gateway.Tests.Helpers;

public static class PublishHelpers
{
    /// <summary>POSTs <paramref name="json"/> to /publish and returns the status and body.</summary>
    public static async Task<(int Status, string Body)> PostAsync(this HttpClient client, string json, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/publish")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Publishes and returns the assigned id, failing the test on anything but 200.</summary>
    public static async Task<string> PublishAsync(this HttpClient client, string channel, string eventName, string dataJson = "null", string? token = null)
    {
        var json = $$"""{"channel":{{JsonSerializer.Serialize(channel)}},"event":{{JsonSerializer.Serialize(eventName)}},"data":{{dataJson}},"timestamp":1700000000000}""";
        var (status, body) = await client.PostAsync(json, token);
        Assert.True(status == 200, $"publish answered {status}: {body}");
        using var receipt = JsonDocument.Parse(body);
        return receipt.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>The JSON the gateway sends for a message published by <see cref="PublishAsync"/>.</summary>
    public static string Expected(string channel, string eventName, string dataJson = "null") =>
        $$"""{"channel":{{JsonSerializer.Serialize(channel)}},"event":{{JsonSerializer.Serialize(eventName)}},"data":{{dataJson}},"timestamp":1700000000000}""";

    public static ChannelPosition Position(string id) => ChannelPosition.Parse(id);

    /// <summary>An SSE event as (id, data), for comparing with what a publish answered and sent.</summary>
    public static (string? Id, string Data) IdAndData(this (string? Id, string? Event, string Data) e) => (e.Id, e.Data);
}
