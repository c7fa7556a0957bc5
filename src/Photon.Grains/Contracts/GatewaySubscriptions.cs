namespace Photon.Grains.Contracts;

/// <summary>What one gateway reports to the <see cref="IChannelDirectoryGrain"/>: who listens to what there.</summary>
/// <param name="Gateway">The gateway's id, unique per process run.</param>
/// <param name="ByPattern">Subscribers by channel name, <c>prefix:*</c> or <c>*</c>, by transport; patterns nobody listens to are left out.</param>
/// <param name="ValidFor">How long the report stands: a gateway that stops reporting (it died) stops being counted after this.</param>
[GenerateSerializer, Immutable, Alias("photon.GatewaySubscriptions")]
public sealed record GatewaySubscriptions(
    [property: Id(0)] string Gateway,
    [property: Id(1)] Dictionary<string, SubscriberCounts> ByPattern,
    [property: Id(2)] TimeSpan ValidFor);
