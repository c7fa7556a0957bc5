using System.Globalization;
using System.Text;
using Photon.Bench.Scenarios;

namespace Photon.Bench;

/// <summary>Prints the results as a table, then ours/peer ratios and issue 6's targets.</summary>
internal static class ResultTable
{
    public static string Format(IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine(Row("scenario", "transport", "published", "delivered", "lost", "deliveries/s", "p50 ms", "p99 ms", "max ms", "server", "cpu s", "cpu µs/dlv", "peak MiB", "note"));
        foreach (var r in results)
        {
            var measured = r.Expected > 0;
            text.AppendLine(Row(
                r.Scenario,
                r.IsPeer ? $"{r.Transport} (peer)" : r.Transport,
                measured ? N(r.Published) : "-",
                measured ? N(r.Delivered) : "-",
                measured ? N(r.Lost) : "-",
                measured ? N((long)r.DeliveriesPerSecond) : "-",
                Ms(r.Latency.P50),
                Ms(r.Latency.P99),
                Ms(r.Latency.Max),
                r.Server,
                r.Failed ? "-" : r.CpuSeconds.ToString("F1", CultureInfo.InvariantCulture),
                r.Failed || !measured || r.Delivered == 0 ? "-" : (r.CpuSeconds * 1e6 / r.Delivered).ToString("F1", CultureInfo.InvariantCulture),
                r.Failed ? "-" : r.PeakMebibytes.ToString("F0", CultureInfo.InvariantCulture),
                r.Note));
        }

        text.AppendLine();
        AppendRatios(text, results);
        text.AppendLine();
        AppendTargets(text, results);
        return text.ToString();
    }

    /// <summary>For each scenario, each of ours against each peer: deliveries/s (higher is better) and p99 (lower is better).</summary>
    private static void AppendRatios(StringBuilder text, IReadOnlyList<ScenarioResult> results)
    {
        foreach (var scenario in results.Where(r => !r.Failed && r.Expected > 0).GroupBy(r => r.Scenario))
        {
            foreach (var ours in scenario.Where(r => !r.IsPeer))
            {
                foreach (var peer in scenario.Where(r => r.IsPeer))
                {
                    text.AppendLine(CultureInfo.InvariantCulture,
                        $"ratio {scenario.Key,-14} {ours.Transport + "/" + peer.Transport,-20} deliveries/s {Ratio(ours.DeliveriesPerSecond, peer.DeliveriesPerSecond)}  p99 {Ratio(ours.Latency.P99, peer.Latency.P99)}");
                }
            }
        }
    }

    private static void AppendTargets(StringBuilder text, IReadOnlyList<ScenarioResult> results)
    {
        ScenarioResult? Find(string scenario, string transport) =>
            results.FirstOrDefault(r => r.Scenario == scenario && r.Transport == transport && !r.Failed);

        void Target(string what, double? value, string bound, bool? holds) => text.AppendLine(CultureInfo.InvariantCulture,
            $"target {what,-50} {(value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "n/a"),9} {bound,-8} {(holds is null ? "not measured" : holds.Value ? "holds" : "MISSED")}");

        void AtLeast(string what, double? value, double bound) => Target(what, value, $">= {bound}", value is { } v && !double.IsNaN(v) ? v >= bound : null);
        void AtMost(string what, double? value, double bound) => Target(what, value, $"<= {bound}", value is { } v && !double.IsNaN(v) ? v <= bound : null);

        double? RatioOf(ScenarioResult? ours, ScenarioResult? peer) =>
            ours is null || peer is null || peer.DeliveriesPerSecond == 0 ? null : ours.DeliveriesPerSecond / peer.DeliveriesPerSecond;

        AtLeast("fan-out sse/nchan deliveries/s", RatioOf(Find("fan-out", "sse"), Find("fan-out", "nchan")), 1);
        AtLeast("fan-out socket/redis deliveries/s", RatioOf(Find("fan-out", "socket"), Find("fan-out", "redis")), 0.5);
        AtMost("steady sse p99 ms", Find("steady", "sse")?.Latency.P99, 10);
        AtMost("steady socket p99 ms", Find("steady", "socket")?.Latency.P99, 10);
        AtMost("idle sse KiB per connection", Find("idle", "sse")?.KibibytesPerConnection, 16);
        foreach (var transport in new[] { "sse", "socket", "redis-bridge", "orleans" })
        {
            if (Find("many-channels", transport) is { } many)
            {
                AtLeast($"many-channels/fan-out deliveries/s ({transport})", RatioOf(many, Find("fan-out", transport)), 1);
            }
        }
    }

    private static string Row(params string[] cells)
    {
        int[] widths = [14, 20, 10, 10, 8, 13, 8, 8, 8, 13, 6, 11, 9, 0];
        return string.Join(' ', cells.Select((c, i) => widths[i] == 0 ? c : c.PadRight(widths[i]))).TrimEnd();
    }

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString(value < 10 ? "F2" : "F1", CultureInfo.InvariantCulture);

    private static string Ratio(double ours, double peer) =>
        double.IsNaN(ours) || double.IsNaN(peer) || peer == 0 ? "n/a" : (ours / peer).ToString("F2", CultureInfo.InvariantCulture);
}
