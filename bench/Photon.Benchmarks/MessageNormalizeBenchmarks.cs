using System.Buffers;
using BenchmarkDotNet.Attributes;
using Photon.Channels.Wire;

namespace Photon.Benchmarks;

/// <summary>What the gateway does to every published message: validate it and write its normalised form.</summary>
[MemoryDiagnoser]
public class MessageNormalizeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(8192);
    private byte[] _json = [];

    /// <summary>The size of the message's JSON.</summary>
    [Params(200, 4096)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup() => _json = SampleMessages.Json(MessageBytes);

    [Benchmark]
    public bool TryNormalize()
    {
        _output.ResetWrittenCount();
        return ChannelMessageJson.TryNormalize(_json, 1_795_750_774_279, _output, out _, out _, out _);
    }
}
