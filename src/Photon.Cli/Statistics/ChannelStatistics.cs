namespace Photon.Cli.Statistics;

/// <summary>One active channel, as the gateway's <c>GET /channels</c> reports it.</summary>
/// <param name="Channel">The channel name.</param>
/// <param name="Subscribers">Subscribers per transport.</param>
/// <param name="SubscriberCount">Subscribers on every transport.</param>
/// <param name="Published">Messages published on the channel.</param>
/// <param name="MessagesPerSecond">Its recent publish rate.</param>
/// <param name="Head">The position of its latest message, or <see langword="null"/> before the first.</param>
internal sealed record ChannelStatistics(
    string Channel,
    SubscriberCounts? Subscribers,
    int SubscriberCount,
    long Published,
    double MessagesPerSecond,
    string? Head);

/// <summary>A channel's subscribers per transport.</summary>
internal sealed record SubscriberCounts(int Sse, int Socket, int Redis);

/// <summary>The body of <c>GET /channels</c>: <c>{"channels":[...]}</c>.</summary>
internal sealed record ChannelListing(IReadOnlyList<ChannelStatistics>? Channels);
