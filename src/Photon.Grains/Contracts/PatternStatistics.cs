namespace Photon.Grains.Contracts;

/// <summary>A wildcard subscription (<c>prefix:*</c> or <c>*</c>) and how many subscribers hold it across every gateway.</summary>
[GenerateSerializer, Immutable, Alias("photon.PatternStatistics")]
public sealed record PatternStatistics(
    [property: Id(0)] string Pattern,
    [property: Id(1)] SubscriberCounts Subscribers);
