namespace Photon.Gateway.Diagnostics;

/// <summary>The Prometheus endpoint; configuration section <c>Photon:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Metrics";

    /// <summary>Whether the gateway serves its metrics in the Prometheus text format. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The path they are served on (unauthenticated: expose it only where scrapers are). Default <c>/metrics</c>.</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// Further meters to export, comma-separated: for example <c>Microsoft.Orleans</c> (the silo's and client's own),
    /// <c>Microsoft.AspNetCore.Hosting</c>, <c>System.Runtime</c>. Default none: the <c>Photon.Gateway</c> meter only.
    /// </summary>
    public string? AdditionalMeters { get; set; }

    /// <summary>The meters to export.</summary>
    public IEnumerable<string> Meters() =>
        [GatewayMetrics.MeterName, .. (AdditionalMeters ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
