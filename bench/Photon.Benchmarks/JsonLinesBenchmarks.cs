using System.Buffers;
using BenchmarkDotNet.Attributes;
using Photon.Channels.Daemon;
using Photon.Channels.Wire;

namespace Photon.Benchmarks;

/// <summary>
/// Reading socket lines: <see cref="JsonLines.TryReadLine"/> over a buffer of <see cref="Lines"/> <c>channel_message</c>
/// lines, in one segment and in pipe-sized segments (4 KiB, as a <c>PipeReader</c> hands them over). Results are per line.
/// </summary>
[MemoryDiagnoser]
public class JsonLinesBenchmarks
{
    private const int Lines = 100;
    private ReadOnlySequence<byte> _single;
    private ReadOnlySequence<byte> _segmented;

    /// <summary>The size of each message's JSON.</summary>
    [Params(200, 4096)]
    public int MessageBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var payload = SampleMessages.Normalized(MessageBytes);
        var buffer = new ArrayBufferWriter<byte>();
        var position = SampleMessages.Position;
        for (var i = 0; i < Lines; i++)
        {
            buffer.Write(DaemonProtocol.ChannelMessage(SampleMessages.Channel, position, payload, replay: false));
            position = position.Next;
        }

        var bytes = buffer.WrittenSpan.ToArray();
        _single = new ReadOnlySequence<byte>(bytes);
        _segmented = BufferSegment.Split(bytes, 4096);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lines)]
    public long OneSegment() => ReadAll(_single);

    [Benchmark(OperationsPerInvoke = Lines)]
    public long Segments4KiB() => ReadAll(_segmented);

    private static long ReadAll(ReadOnlySequence<byte> buffer)
    {
        long total = 0;
        while (JsonLines.TryReadLine(ref buffer, JsonLines.DefaultMaxLineBytes, out var line))
        {
            total += line.Length;
        }

        return total;
    }
}
