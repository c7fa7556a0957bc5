using System.Buffers;
using BenchmarkDotNet.Attributes;
using Photon.Channels.Wire;

namespace Photon.Benchmarks;

/// <summary>Framing one message as an SSE event: once per message per gateway (<c>ChannelDelivery.SseFrame</c>).</summary>
[MemoryDiagnoser]
public class ServerSentEventWriterBenchmarks
{
    private static readonly byte[] Id = "3f9c01b2e7-12345"u8.ToArray();
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private byte[] _payload = [];

    /// <summary>The size of the message's JSON.</summary>
    [Params(200, 4096)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup() => _payload = SampleMessages.Normalized(MessageBytes);

    /// <summary>The frame as its own array, as the gateway encodes it.</summary>
    [Benchmark(Baseline = true)]
    public byte[] Encode() => ServerSentEventWriter.Encode([], Id, _payload);

    /// <summary>The same frame written into a reused buffer: the framing without the array.</summary>
    [Benchmark]
    public int WriteEvent()
    {
        _output.ResetWrittenCount();
        ServerSentEventWriter.WriteEvent(_output, [], Id, _payload);
        return _output.WrittenCount;
    }
}
