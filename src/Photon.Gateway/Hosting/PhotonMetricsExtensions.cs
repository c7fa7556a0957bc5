using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Photon.Gateway.Diagnostics;

namespace Photon.Gateway.Hosting;

/// <summary>OpenTelemetry metrics, exported in the Prometheus text format (<see cref="MetricsOptions"/>).</summary>
internal static class PhotonMetricsExtensions
{
    /// <summary>Delivery latencies in milliseconds: the default buckets start at 0, 5, 10 ms, too coarse below the 10 ms target.</summary>
    private static readonly double[] LatencyBuckets = [0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];

    public static WebApplicationBuilder AddPhotonMetrics(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(MetricsOptions.SectionName);
        builder.Services.AddOptions<MetricsOptions>()
            .Bind(section)
            .Validate(o => !o.Enabled || o.Path.StartsWith('/'), $"{MetricsOptions.SectionName}:Path must start with '/'")
            .ValidateOnStart();
        var options = section.Get<MetricsOptions>() ?? new MetricsOptions();
        if (options.Enabled)
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(resource => resource.AddService("photon-gateway", serviceInstanceId: Environment.MachineName + "/" + Environment.ProcessId))
                .WithMetrics(metrics => metrics
                .AddMeter([.. options.Meters()])
                .AddView("photon.gateway.delivery_latency", new ExplicitBucketHistogramConfiguration { Boundaries = LatencyBuckets })
                .AddPrometheusExporter());
        }

        return builder;
    }

    public static WebApplication MapPhotonMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (options.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(options.Path);
        }

        return app;
    }
}
