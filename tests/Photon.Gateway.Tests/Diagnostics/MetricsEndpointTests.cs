using System.Globalization;
using System.Text.RegularExpressions;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Diagnostics;

/// <summary><c>GET /metrics</c>: the Photon.Gateway meter in the Prometheus text format, counters that rise with the traffic.</summary>
/// <remarks>
/// Alone, not beside other tests: a meter listener hears every meter of its name in the process, so another test's
/// gateway publishing meanwhile would add to the exact counts asserted here.
/// </remarks>
[Collection(Name)]
public sealed partial class MetricsEndpointTests
{
    public const string Name = "metrics (not in parallel)";

    [Fact]
    public async Task Counters_rise_with_publishes_deliveries_resumes_and_subscribers()
    {
        await using var gateway = await GatewayHost.StartAsync();
        var channel = $"metrics:{Guid.NewGuid():N}";
        var before = await ScrapeAsync(gateway);

        await using var sse = await SseTestClient.ConnectAsync(gateway.Client, $"/subscribe?channel={channel}");
        await using var socket = await DaemonTestClient.ConnectAsync(gateway.SocketPath());
        await socket.SubscribeAsync(channel);
        string first = "";
        for (var i = 0; i < 5; i++)
        {
            var id = await gateway.Client.PublishAsync(channel, "counted");
            first = i == 0 ? id : first;
            await sse.NextEventAsync();
        }

        for (var i = 0; i < 5; i++)
        {
            await socket.ReadJsonAsync();
        }

        await using var resumed = await SseTestClient.ConnectAsync(gateway.Client, $"/subscribe?channel={channel}", lastEventId: first);
        for (var i = 0; i < 4; i++)
        {
            await resumed.NextEventAsync();
        }

        // Delivered counts are added after each flush, so the last one may land a moment after the client read it.
        Dictionary<string, double> after = [];
        await Eventually.TrueAsync(
            async () => Rise(before, after = await ScrapeAsync(gateway), """photon_gateway_delivered_total{otel_scope_name="Photon.Gateway",transport="sse"}""") == 9,
            "the SSE deliveries are counted");

        Assert.Equal(5, Rise(before, after, """photon_gateway_published_total{otel_scope_name="Photon.Gateway",transport="http"}"""));
        Assert.Equal(5, Rise(before, after, """photon_gateway_delivered_total{otel_scope_name="Photon.Gateway",transport="socket"}"""));
        Assert.Equal(1, Rise(before, after, """photon_gateway_resumed_total{otel_scope_name="Photon.Gateway",transport="sse"}"""));
        Assert.Equal(2, after["""photon_gateway_subscribers{otel_scope_name="Photon.Gateway",transport="sse"}"""]);
        Assert.Equal(1, after["""photon_gateway_subscribers{otel_scope_name="Photon.Gateway",transport="socket"}"""]);

        // One latency per write of live messages: at least one, at most one per live delivery.
        var latencies = Rise(before, after, """photon_gateway_delivery_latency_milliseconds_count{otel_scope_name="Photon.Gateway",transport="sse"}""");
        Assert.InRange(latencies, 1, 5);
    }

    private static double Rise(Dictionary<string, double> before, Dictionary<string, double> after, string series) =>
        after.GetValueOrDefault(series) - before.GetValueOrDefault(series);

    /// <summary>Every sample of the exposition, by its series (name and labels).</summary>
    private static async Task<Dictionary<string, double>> ScrapeAsync(GatewayHost gateway)
    {
        using var response = await gateway.Client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match sample in Sample().Matches(await response.Content.ReadAsStringAsync()))
        {
            samples[sample.Groups["series"].Value] = double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return samples;
    }

    [GeneratedRegex(@"^(?<series>[a-z_]+(\{[^}]*\})?) (?<value>[-+0-9.eE]+)( \d+)?$", RegexOptions.Multiline)]
    private static partial Regex Sample();
}

[CollectionDefinition(MetricsEndpointTests.Name, DisableParallelization = true)]
public sealed class MetricsCollection;
