using System.Diagnostics.Metrics;

namespace Photon.Gateway.Diagnostics;

/// <summary>
/// The gateway's instruments, on the <c>Photon.Gateway</c> meter (exported on <c>/metrics</c>, see
/// <see cref="MetricsOptions"/>; any <see cref="MeterListener"/> can read them too).
/// </summary>
/// <remarks>
/// The hot path only adds to counters with a tag built from a constant string (no allocation), once per write
/// to a client rather than per message, and records one latency per write; nothing else is measured per message.
/// Transports are tagged as <see cref="TransportTag"/> names them: <c>http</c>, <c>sse</c>, <c>socket</c>, <c>redis</c> and <c>webhook</c>.
/// </remarks>
internal sealed class GatewayMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Photon.Gateway";

    private readonly Meter _meter;
    private readonly TimeProvider _time;
    private readonly Counter<long> _slowConsumers;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _idempotentReplays;
    private readonly Counter<long> _published;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _resumed;
    private readonly Histogram<double> _latency;

    public GatewayMetrics(IMeterFactory meters, TimeProvider time)
    {
        _meter = meters.Create(MeterName);
        _time = time;
        _slowConsumers = _meter.CreateCounter<long>(
            "photon.gateway.slow_consumer_disconnects", "{connection}", "Connections closed because their queue overflowed");
        _rejected = _meter.CreateCounter<long>(
            "photon.gateway.rejected", "{request}", "Requests and connections refused by a limit or by access control");
        _idempotentReplays = _meter.CreateCounter<long>(
            "photon.gateway.idempotent_replays", "{message}", "Publishes whose idempotency key was seen before: nothing new was published");
        _published = _meter.CreateCounter<long>(
            "photon.gateway.published", "{message}", "Messages this gateway handed to their channel grain, by the transport they came in on");
        _delivered = _meter.CreateCounter<long>(
            "photon.gateway.delivered", "{message}", "Messages written to a client connection, replays included");
        _dropped = _meter.CreateCounter<long>(
            "photon.gateway.dropped", "{message}", "Messages a client will not get from this connection: queued when it was closed as too slow, or not bridged to Redis");
        _resumed = _meter.CreateCounter<long>(
            "photon.gateway.resumed", "{subscription}", "Subscriptions that resumed from a last event id");
        _latency = _meter.CreateHistogram<double>(
            "photon.gateway.delivery_latency", "ms", "From a message's timestamp (the publisher's clock, or the gateway's when it had none) to its write to a client; the first live message of each write");
    }

    /// <summary>A connection of <paramref name="transport"/> (<c>sse</c>, <c>socket</c>) was closed as too slow.</summary>
    public void SlowConsumerDisconnected(string transport) =>
        _slowConsumers.Add(1, new KeyValuePair<string, object?>("transport", transport));

    /// <summary>A request or connection of <paramref name="transport"/> was refused with <paramref name="error"/> (a wire error code).</summary>
    public void Rejected(string transport, string error) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("error", error));

    /// <summary>A publish over <paramref name="transport"/> (<c>http</c>, <c>webhook</c>) repeated an idempotency key: nothing new was published.</summary>
    public void IdempotentReplay(string transport) =>
        _idempotentReplays.Add(1, new KeyValuePair<string, object?>("transport", transport));

    /// <summary>A message that came in on <paramref name="transport"/> was stamped by its grain.</summary>
    public void Published(string transport) =>
        _published.Add(1, new KeyValuePair<string, object?>("transport", transport));

    /// <summary>A subscription of <paramref name="transport"/> asked to resume from a last event id.</summary>
    public void Resumed(string transport) =>
        _resumed.Add(1, new KeyValuePair<string, object?>("transport", transport));

    /// <summary><paramref name="count"/> messages meant for a client of <paramref name="transport"/> will not reach it because of <paramref name="reason"/>.</summary>
    public void Dropped(string transport, string reason, long count)
    {
        if (count > 0)
        {
            _dropped.Add(count, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("reason", reason));
        }
    }

    /// <summary>Counts what one pass of a connection's writer wrote and records the latency of its first live message; resets the tally.</summary>
    public void Delivered(string transport, ref DeliveryTally tally)
    {
        if (tally.Count == 0)
        {
            return;
        }

        var tag = new KeyValuePair<string, object?>("transport", transport);
        _delivered.Add(tally.Count, tag);
        if (tally.FirstLive?.Timestamp is { } timestamp)
        {
            _latency.Record(Math.Max(0, _time.GetUtcNow().ToUnixTimeMilliseconds() - timestamp), tag);
        }

        tally = default;
    }

    /// <summary>Reports the local subscriber connections by transport whenever the meter is read.</summary>
    public void ObserveSubscribers(Func<IEnumerable<Measurement<int>>> observe) =>
        _meter.CreateObservableGauge("photon.gateway.subscribers", observe, "{connection}", "Subscriber connections held by this gateway, by transport");

    /// <summary>Reports a running total kept elsewhere (such as the Redis bridge's) whenever the meter is read.</summary>
    public void ObserveDropped(Func<IEnumerable<Measurement<long>>> observe) =>
        _meter.CreateObservableCounter("photon.gateway.not_bridged", observe, "{message}", "Messages the Redis bridge could not bridge (Redis unreachable, queue full, refused by the mesh)");
}
