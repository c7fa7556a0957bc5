using BenchmarkDotNet.Attributes;
using Photon.Channels;
using Photon.Gateway.Fanout;

namespace Photon.Benchmarks;

/// <summary>
/// One message through a gateway's fan-out: a new <see cref="ChannelDelivery"/> (its SSE frame encoded once, on
/// first use) handed to <see cref="Subscribers"/> queued subscribers, as <c>ChannelFanout.DeliverTo</c> does, then
/// taken off each queue as the connections' writers do. Compare the rows to see the cost per subscriber.
/// </summary>
/// <remarks>The Orleans stream and the sockets are left out: this is the gateway's own share of the work.</remarks>
[MemoryDiagnoser]
public class FanoutBenchmarks
{
    private DrainedSubscriber[] _subscribers = [];
    private byte[] _payload = [];
    private ChannelPosition _position;

    /// <summary>How many local subscribers the channel has.</summary>
    [Params(1, 100, 1000)]
    public int Subscribers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _payload = SampleMessages.Normalized(200);
        _position = SampleMessages.Position;
        _subscribers = new DrainedSubscriber[Subscribers];
        for (var i = 0; i < _subscribers.Length; i++)
        {
            _subscribers[i] = new DrainedSubscriber();
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var subscriber in _subscribers)
        {
            subscriber.Dispose();
        }
    }

    [Benchmark]
    public long DeliverAndDrain()
    {
        _position = _position.Next;
        var delivery = new ChannelDelivery(SampleMessages.Channel, _position, _payload);
        foreach (var subscriber in _subscribers)
        {
            subscriber.Deliver(delivery);
        }

        long bytes = 0;
        foreach (var subscriber in _subscribers)
        {
            bytes += subscriber.Drain();
        }

        return bytes;
    }
}
