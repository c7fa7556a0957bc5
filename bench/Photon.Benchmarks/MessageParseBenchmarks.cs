using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Photon.Channels;
using Photon.Channels.Wire;

namespace Photon.Benchmarks;

/// <summary>What a C# subscriber does to every message it receives: read the JSON into a <see cref="ChannelMessage"/>.</summary>
[MemoryDiagnoser]
public class MessageParseBenchmarks
{
    private byte[] _json = [];
    private JsonDocument? _document;

    /// <summary>The size of the message's JSON.</summary>
    [Params(200, 4096)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _json = SampleMessages.Normalized(MessageBytes);
        _document = JsonDocument.Parse(_json);
    }

    [GlobalCleanup]
    public void Cleanup() => _document?.Dispose();

    [Benchmark(Baseline = true)]
    public ChannelMessage Parse() => ChannelMessageJson.Parse(_json);

    /// <summary>From an already parsed value, as the daemon client reads the <c>message</c> of a socket line.</summary>
    [Benchmark]
    public ChannelMessage FromElement() => ChannelMessageJson.FromElement(_document!.RootElement);
}
