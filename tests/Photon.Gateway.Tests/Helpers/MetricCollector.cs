using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Photon.Testing;

namespace Photon.Gateway.Tests.Helpers;

/// <summary>Sums what one gateway's <c>Photon.Gateway</c> meter records on one instrument, by tag.</summary>
public sealed class MetricCollector : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MetricCollector(GatewayHost gateway, string instrument)
    {
        var factory = (IMeterFactory)gateway.Services.GetService(typeof(IMeterFactory))!;
        _listener.InstrumentPublished = (found, listener) =>
        {
            // Only this gateway's meter: other gateways in the same test process have meters of the same name.
            if (found.Name == instrument && found.Meter.Name == "Photon.Gateway" && found.Meter.Scope == factory)
            {
                listener.EnableMeasurementEvents(found);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) => _measurements.Enqueue((value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>The sum of the measurements carrying <paramref name="tag"/>.</summary>
    public long Total((string Key, string Value) tag) => _measurements
        .Where(m => m.Tags.Any(t => t.Key == tag.Key && Equals(t.Value, tag.Value)))
        .Sum(m => m.Value);

    public void Dispose() => _listener.Dispose();
}
