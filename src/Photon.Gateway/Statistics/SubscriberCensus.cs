using System.Diagnostics.Metrics;
using Photon.Gateway.Daemon;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Fanout;
using Photon.Gateway.Http;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Statistics;

/// <summary>
/// Counts this gateway's subscribers by pattern and transport from the fan-out's registry, when asked (every report
/// interval, every scrape): nothing is counted as connections come and go.
/// </summary>
/// <remarks>
/// The Redis bridge's own <c>*</c> subscription is not a subscriber: it is how the mesh reaches Redis, whose real
/// subscribers the bridge counts itself (<see cref="Redis.RedisBridge.CountRedisSubscribersAsync"/>).
/// </remarks>
internal sealed class SubscriberCensus
{
    private readonly ChannelFanout _fanout;

    public SubscriberCensus(ChannelFanout fanout, GatewayMetrics metrics)
    {
        _fanout = fanout;
        metrics.ObserveSubscribers(ObserveConnections);
    }

    /// <summary>Local subscribers by channel name or pattern, by transport; patterns nobody holds are left out.</summary>
    public Dictionary<string, SubscriberCounts> ByPattern()
    {
        var result = new Dictionary<string, SubscriberCounts>(StringComparer.Ordinal);
        foreach (var (pattern, subscribers) in _fanout.Subscriptions)
        {
            var counts = default(SubscriberCounts);
            foreach (var subscriber in subscribers)
            {
                counts += CountOf(subscriber);
            }

            if (counts.Total > 0)
            {
                result[pattern] = counts;
            }
        }

        return result;
    }

    /// <summary>One for the subscriber's transport, nothing for a subscriber that is not an end client.</summary>
    private static SubscriberCounts CountOf(IChannelSubscriber subscriber) => subscriber switch
    {
        SseConnection => new(1, 0, 0),
        DaemonSession => new(0, 1, 0),
        _ => default,
    };

    /// <summary>Distinct connections by transport: one stream subscribed to three channels is one.</summary>
    private IEnumerable<Measurement<int>> ObserveConnections()
    {
        var connections = new HashSet<IChannelSubscriber>(ReferenceEqualityComparer.Instance);
        foreach (var (_, subscribers) in _fanout.Subscriptions)
        {
            connections.UnionWith(subscribers);
        }

        var total = default(SubscriberCounts);
        foreach (var connection in connections)
        {
            total += CountOf(connection);
        }

        return
        [
            new(total.Sse, new KeyValuePair<string, object?>("transport", TransportTag.Sse)),
            new(total.Socket, new KeyValuePair<string, object?>("transport", TransportTag.Socket)),
        ];
    }
}
