using System.Net.Http.Json;
using Photon.Channels.Wire;

namespace Photon.Gateway.Tests.Helpers;

public static class ChannelsQuery
{
    /// <summary>Settings that make gateways and channel grains report every 100 ms, so tests wait little.</summary>
    public static IDictionary<string, string?> FastStatistics(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Photon:Statistics:ReportInterval"] = "00:00:00.1",
            ["Photon:Statistics:RateWindow"] = "00:00:01",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>GET /channels, failing the test on anything but 200.</summary>
    public static async Task<ChannelList> GetChannelsAsync(this HttpClient client, string? pattern = null, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pattern is null ? "/channels" : $"/channels?pattern={Uri.EscapeDataString(pattern)}");
        if (token is not null)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET /channels answered {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return System.Text.Json.JsonSerializer.Deserialize(body, PhotonJsonContext.Default.ChannelList)!;
    }

    /// <summary>Waits until <paramref name="channel"/> is listed and <paramref name="condition"/> holds for it; returns it.</summary>
    public static async Task<ChannelSummary> WaitForChannelAsync(this HttpClient client, string channel, Func<ChannelSummary, bool> condition, string what)
    {
        ChannelSummary? found = null;
        await Photon.Testing.Eventually.TrueAsync(
            async () => (found = (await client.GetChannelsAsync(channel)).Channels.SingleOrDefault(c => c.Channel == channel)) is { } c && condition(c),
            $"{channel} {what} (last seen: {found})");
        return found!;
    }
}
