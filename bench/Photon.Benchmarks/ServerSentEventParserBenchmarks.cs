using System.Buffers;
using BenchmarkDotNet.Attributes;
using Photon.Channels.Wire;

namespace Photon.Benchmarks;

/// <summary>
/// What the C# HttpBroker does with its event stream: feed a stream of <see cref="Events"/> message events to a
/// new parser in network-sized chunks that split lines anywhere. Results are per event.
/// </summary>
[MemoryDiagnoser]
public class ServerSentEventParserBenchmarks
{
    private const int Events = 100;
    private readonly List<ServerSentEvent> _events = new(Events);
    private byte[] _stream = [];

    /// <summary>The size of each message's JSON.</summary>
    [Params(200, 4096)]
    public int MessageBytes { get; set; }

    /// <summary>The size of the chunks the stream arrives in.</summary>
    [Params(1500)]
    public int ChunkBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = SampleMessages.Normalized(MessageBytes);
        var stream = new ArrayBufferWriter<byte>();
        ServerSentEventWriter.WriteRetry(stream, TimeSpan.FromSeconds(2));
        var position = SampleMessages.Position;
        for (var i = 0; i < Events; i++)
        {
            ServerSentEventWriter.WriteEvent(stream, [], System.Text.Encoding.UTF8.GetBytes(position.ToString()), payload);
            position = position.Next;
        }

        _stream = stream.WrittenSpan.ToArray();
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public int Feed()
    {
        _events.Clear();
        var parser = new ServerSentEventParser();
        ReadOnlySpan<byte> rest = _stream;
        while (!rest.IsEmpty)
        {
            var chunk = rest[..Math.Min(ChunkBytes, rest.Length)];
            parser.Feed(chunk, _events);
            rest = rest[chunk.Length..];
        }

        return _events.Count;
    }
}
