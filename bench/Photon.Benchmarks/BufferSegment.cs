using System.Buffers;

namespace Photon.Benchmarks;

/// <summary>A segment of a multi-segment <see cref="ReadOnlySequence{T}"/>, as a pipe's reader sees its buffer.</summary>
internal sealed class BufferSegment : ReadOnlySequenceSegment<byte>
{
    private BufferSegment(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>The bytes cut into segments of <paramref name="segmentBytes"/> (the last may be shorter).</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, int segmentBytes)
    {
        var first = new BufferSegment(bytes.AsMemory(0, Math.Min(segmentBytes, bytes.Length)), 0);
        var last = first;
        for (var start = segmentBytes; start < bytes.Length; start += segmentBytes)
        {
            var next = new BufferSegment(bytes.AsMemory(start, Math.Min(segmentBytes, bytes.Length - start)), start);
            last.Next = next;
            last = next;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}
