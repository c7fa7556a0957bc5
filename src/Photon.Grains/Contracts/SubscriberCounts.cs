namespace Photon.Grains.Contracts;

/// <summary>How many subscribers listen, by the transport they came in on.</summary>
/// <param name="Sse">Server-Sent Events streams (<c>GET /subscribe</c>).</param>
/// <param name="Socket">Daemon socket connections (the DaemonBroker).</param>
/// <param name="Redis">Redis clients subscribed to the channel's Redis name, as counted by the bridging gateway.</param>
[GenerateSerializer, Immutable, Alias("photon.SubscriberCounts")]
public readonly record struct SubscriberCounts(
    [property: Id(0)] int Sse,
    [property: Id(1)] int Socket,
    [property: Id(2)] int Redis)
{
    /// <summary>All transports together.</summary>
    public int Total => Sse + Socket + Redis;

    /// <summary>The counts of both, transport by transport.</summary>
    public static SubscriberCounts operator +(SubscriberCounts left, SubscriberCounts right) =>
        new(left.Sse + right.Sse, left.Socket + right.Socket, left.Redis + right.Redis);

    /// <summary>Same as <c>+</c>, for languages without operators.</summary>
    public static SubscriberCounts Add(SubscriberCounts left, SubscriberCounts right) => left + right;
}
