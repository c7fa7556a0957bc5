namespace Photon.Faults;

/// <summary>What one scenario found, printed as one line.</summary>
/// <param name="StoredTwice">Numbers the channel holds twice because a publish with an unknown outcome was retried (no idempotency keys).</param>
/// <param name="Problems">Anything else that went wrong: a never-reader left connected, a stream that never caught up.</param>
internal sealed record ScenarioResult(
    string Scenario,
    int Published,
    IReadOnlyList<DeliveryCheck> Checks,
    double GatewayPeakMebibytes,
    int RetriedPublishes,
    int StoredTwice,
    IReadOnlyList<string> Problems)
{
    public int Delivered => Checks.Sum(c => c.Delivered);

    public int Lost => Checks.Sum(c => c.Lost);

    public int Duplicated => Checks.Sum(c => c.Duplicates.Count);

    public bool Passed => Checks.All(c => c.IsExact) && Problems.Count == 0;

    public string Line =>
        FormattableString.Invariant($"{Scenario,-16} published={Published} delivered={Delivered} lost={Lost} duplicated={Duplicated} gateway_peak_rss={GatewayPeakMebibytes:F0}MiB")
        + FormattableString.Invariant($" subscribers={Checks.Count} reordered={Checks.Sum(c => c.Reordered)} gaps={Checks.Sum(c => c.Gaps)} retried_publishes={RetriedPublishes} stored_twice={StoredTwice}")
        + (Problems.Count > 0 ? " problems=" + string.Join("; ", Problems) : string.Empty);
}
