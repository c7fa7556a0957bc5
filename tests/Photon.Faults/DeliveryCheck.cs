namespace Photon.Faults;

/// <summary>One subscriber's tally against what was published.</summary>
/// <param name="Duplicates">The sequence numbers received more than once, once per extra copy.</param>
/// <param name="Unpublished">Numbers received that no publish was acknowledged for.</param>
/// <param name="Gaps"><c>refresh_needed</c> notices: the server could not replay what was missed.</param>
internal sealed record DeliveryCheck(string Subscriber, int Delivered, int Lost, IReadOnlyList<long> Duplicates, int Reordered, int Unpublished, int Gaps)
{
    public bool IsExact => Lost == 0 && Duplicates.Count == 0 && Reordered == 0 && Unpublished == 0 && Gaps == 0;

    public override string ToString() =>
        $"{Subscriber}: delivered={Delivered} lost={Lost} duplicated={Duplicates.Count} reordered={Reordered} unpublished={Unpublished} gaps={Gaps}"
        + (Duplicates.Count > 0 ? $" duplicate seqs: {string.Join(',', Duplicates.Take(20))}" : string.Empty);
}
