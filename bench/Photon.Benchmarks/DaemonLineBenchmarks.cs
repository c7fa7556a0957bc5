using BenchmarkDotNet.Attributes;
using Photon.Channels.Daemon;

namespace Photon.Benchmarks;

/// <summary>The daemon socket's <c>channel_message</c> line: once per message per gateway (<c>ChannelDelivery.DaemonLine</c>).</summary>
[MemoryDiagnoser]
public class DaemonLineBenchmarks
{
    private byte[] _payload = [];

    /// <summary>The size of the message's JSON.</summary>
    [Params(200, 4096)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup() => _payload = SampleMessages.Normalized(MessageBytes);

    [Benchmark]
    public byte[] ChannelMessage() => DaemonProtocol.ChannelMessage(SampleMessages.Channel, SampleMessages.Position, _payload, replay: false);
}
