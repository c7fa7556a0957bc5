namespace Photon.Faults;

/// <summary>What one scenario found, printed as one line.</summary>
/// <param name="StoredCopies">
/// Numbers the channel holds more than once, and how many times: a publish whose outcome was unknown (an error
/// after the gateway had passed it on) was retried and its idempotency key did not stop the second copy. Every
/// subscriber gets each stored copy, so those copies are reported as <c>stored_twice</c>, not as duplicated
/// deliveries; any fails the run.
/// </param>
/// <param name="Problems">Anything else that went wrong: a never-reader left connected, a stream that never caught up.</param>
internal sealed record ScenarioResult(
    string Scenario,
    int Published,
    IReadOnlyList<DeliveryCheck> Checks,
    double GatewayPeakMebibytes,
    int RetriedPublishes,
    IReadOnlyDictionary<long, int> StoredCopies,
    IReadOnlyList<string> Problems)
{
    public int Delivered => Checks.Sum(c => c.Delivered);

    public int Lost => Checks.Sum(c => c.Lost);

    /// <summary>Copies a subscriber received beyond those the channel holds: the delivery's duplicates.</summary>
    public int Duplicated => Checks.Sum(c => c.Duplicates.CountBy(seq => seq).Sum(d => Math.Max(0, d.Value - (StoredCopies.GetValueOrDefault(d.Key, 1) - 1))));

    public int StoredTwice => StoredCopies.Count;

    public bool Passed =>
        Lost == 0 && Duplicated == 0 && StoredTwice == 0 && Problems.Count == 0 && Checks.All(c => c.Reordered == 0 && c.Unpublished == 0 && c.Gaps == 0);

    public string Line =>
        FormattableString.Invariant($"{Scenario,-16} published={Published} delivered={Delivered} lost={Lost} duplicated={Duplicated} gateway_peak_rss={GatewayPeakMebibytes:F0}MiB")
        + FormattableString.Invariant($" subscribers={Checks.Count} reordered={Checks.Sum(c => c.Reordered)} gaps={Checks.Sum(c => c.Gaps)} retried_publishes={RetriedPublishes} stored_twice={StoredTwice}")
        + (Problems.Count > 0 ? " problems=" + string.Join("; ", Problems) : string.Empty);
}
