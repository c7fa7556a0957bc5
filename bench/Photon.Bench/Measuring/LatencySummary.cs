namespace Photon.Bench.Measuring;

/// <summary>Publish-to-deliver latency percentiles, in milliseconds.</summary>
internal readonly record struct LatencySummary(double P50, double P99, double Max);
