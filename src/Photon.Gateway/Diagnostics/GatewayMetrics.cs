using System.Diagnostics.Metrics;

namespace Photon.Gateway.Diagnostics;

/// <summary>
/// The gateway's counters, on the <c>Photon.Gateway</c> meter (any <see cref="MeterListener"/> or
/// OpenTelemetry exporter can read them).
/// </summary>
internal sealed class GatewayMetrics
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "Photon.Gateway";

    private readonly Counter<long> _slowConsumers;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _idempotentReplays;

    public GatewayMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _slowConsumers = meter.CreateCounter<long>(
            "photon.gateway.slow_consumer_disconnects", "{connection}", "Connections closed because their queue overflowed");
        _rejected = meter.CreateCounter<long>(
            "photon.gateway.rejected", "{request}", "Requests and connections refused by a limit or by access control");
        _idempotentReplays = meter.CreateCounter<long>(
            "photon.gateway.idempotent_replays", "{message}", "Publishes whose idempotency key was seen before: nothing new was published");
    }

    /// <summary>A connection of <paramref name="transport"/> (<c>sse</c>, <c>daemon</c>) was closed as too slow.</summary>
    public void SlowConsumerDisconnected(string transport) =>
        _slowConsumers.Add(1, new KeyValuePair<string, object?>("transport", transport));

    /// <summary>A request or connection of <paramref name="transport"/> was refused with <paramref name="error"/> (a wire error code).</summary>
    public void Rejected(string transport, string error) =>
        _rejected.Add(1, new KeyValuePair<string, object?>("transport", transport), new KeyValuePair<string, object?>("error", error));

    /// <summary>A publish over <paramref name="transport"/> (<c>http</c>, <c>webhook</c>) repeated an idempotency key: nothing new was published.</summary>
    public void IdempotentReplay(string transport) =>
        _idempotentReplays.Add(1, new KeyValuePair<string, object?>("transport", transport));
}
