namespace Photon.Grains.History;

/// <summary>
/// The most recent messages of one channel, bounded by count, age and bytes, addressable by sequence number.
/// Sequences are consecutive: the history is a window <c>[FirstSequence, NextSequence)</c> of the channel.
/// </summary>
internal sealed class ChannelHistory(int maxCount, TimeSpan maxAge, long maxBytes, TimeProvider time)
{
    private readonly List<Entry> _entries = [];
    private int _head;
    private long _bytes;

    /// <summary>The sequence the next appended message must have.</summary>
    public long NextSequence { get; private set; } = 1;

    /// <summary>The sequence of the oldest message held; equal to <see cref="NextSequence"/> when none is.</summary>
    public long FirstSequence => NextSequence - Count;

    /// <summary>How many messages are held.</summary>
    public int Count => _entries.Count - _head;

    /// <summary>How many payload bytes are held.</summary>
    public long Bytes => _bytes;

    /// <summary>Starts over from saved state: <paramref name="payloads"/> are the messages ending at <paramref name="lastSequence"/>.</summary>
    public void Restore(long lastSequence, IReadOnlyList<byte[]> payloads)
    {
        _entries.Clear();
        _head = 0;
        _bytes = 0;
        NextSequence = lastSequence - payloads.Count + 1;
        foreach (var payload in payloads)
        {
            Append(payload);
        }
    }

    /// <summary>Adds the message with sequence <see cref="NextSequence"/>, then drops what the bounds no longer allow.</summary>
    public void Append(byte[] payload)
    {
        _entries.Add(new Entry(payload, time.GetTimestamp()));
        _bytes += payload.Length;
        NextSequence++;
        Trim();
    }

    /// <summary>
    /// Up to <paramref name="maxCount"/> payloads after <paramref name="afterSequence"/>, oldest first; or
    /// <see langword="null"/> when some of the messages after it are no longer held.
    /// </summary>
    public byte[][]? ReadAfter(long afterSequence, int maxCount)
    {
        Trim();
        if (afterSequence + 1 < FirstSequence)
        {
            return null;
        }

        var start = (int)(afterSequence + 1 - FirstSequence);
        var count = Math.Max(0, Math.Min(maxCount, Count - start));
        var payloads = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            payloads[i] = _entries[_head + start + i].Payload;
        }

        return payloads;
    }

    /// <summary>Drops the oldest messages until every bound holds.</summary>
    public void Trim()
    {
        while (Count > 0)
        {
            var oldest = _entries[_head];
            if (Count <= maxCount && _bytes <= maxBytes && time.GetElapsedTime(oldest.Received) <= maxAge)
            {
                break;
            }

            _entries[_head] = default;
            _head++;
            _bytes -= oldest.Payload.Length;
        }

        // Compact once the dropped prefix is half the list: amortised O(1) per message, no ring arithmetic.
        if (_head > 0 && _head >= _entries.Count / 2)
        {
            _entries.RemoveRange(0, _head);
            _head = 0;
        }
    }

    private readonly record struct Entry(byte[] Payload, long Received);
}
