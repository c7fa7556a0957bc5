namespace Photon.Grains.Idempotency;

/// <summary>
/// The idempotency keys one channel has seen within its window, bounded by count and age: oldest first out.
/// Not thread-safe; the channel grain's scheduler serialises every use.
/// </summary>
/// <remarks>
/// A key is remembered from the moment its message is stamped, with the task that completes when the message
/// is stored: a retry that arrives while the original still waits for its save (the reply that was lost is
/// the usual reason for a retry) waits for the same save and then answers with the same position.
/// </remarks>
internal sealed class IdempotencyKeys(int maxCount, TimeSpan window, TimeProvider time)
{
    private readonly Dictionary<string, Entry> _byKey = new(StringComparer.Ordinal);
    private readonly Queue<IdempotencyRecord> _order = new();
    private readonly List<IdempotencyRecord> _unsaved = [];

    /// <summary>How many keys are held.</summary>
    public int Count => _byKey.Count;

    /// <summary>The key's record and the task its message's save completes, or false when the key is new (or forgotten).</summary>
    public bool TryGet(string key, out IdempotencyRecord record, out Task stored)
    {
        Trim();
        if (_byKey.TryGetValue(key, out var entry))
        {
            (record, stored) = (entry.Record, entry.Stored);
            return true;
        }

        (record, stored) = (null!, Task.CompletedTask);
        return false;
    }

    /// <summary>Remembers a key whose message was just stamped; <paramref name="stored"/> completes once the message is stored.</summary>
    public IdempotencyRecord Add(string key, long fingerprint, Channels.ChannelPosition position, Task stored, bool persist)
    {
        var record = new IdempotencyRecord(key, fingerprint, position, time.GetUtcNow().ToUnixTimeMilliseconds());
        Remember(record, stored);
        if (persist)
        {
            _unsaved.Add(record);
        }

        Trim();
        return record;
    }

    /// <summary>Starts over from saved keys (an activation after the previous one went), oldest first.</summary>
    public void Restore(IEnumerable<IdempotencyRecord> records)
    {
        foreach (var record in records)
        {
            Remember(record, Task.CompletedTask);
        }

        Trim();
    }

    /// <summary>The keys not yet saved whose messages are at or before <paramref name="lastSequence"/>: they are saved with that batch.</summary>
    public IReadOnlyList<IdempotencyRecord> TakeUnsaved(long lastSequence)
    {
        var count = 0;
        while (count < _unsaved.Count && _unsaved[count].Position.Sequence <= lastSequence)
        {
            count++;
        }

        if (count == 0)
        {
            return [];
        }

        var taken = _unsaved.GetRange(0, count);
        _unsaved.RemoveRange(0, count);
        return taken;
    }

    private void Remember(IdempotencyRecord record, Task stored)
    {
        _byKey[record.Key] = new Entry(record, stored);
        _order.Enqueue(record);
    }

    private void Trim()
    {
        var oldest = time.GetUtcNow().ToUnixTimeMilliseconds() - (long)window.TotalMilliseconds;
        while (_order.TryPeek(out var record) && (_byKey.Count > maxCount || record.AcceptedUnixMilliseconds < oldest))
        {
            _order.Dequeue();

            // A restored key may be queued twice (saved, then seen again in a later load); drop only the live entry.
            if (_byKey.TryGetValue(record.Key, out var entry) && ReferenceEquals(entry.Record, record))
            {
                _byKey.Remove(record.Key);
            }
        }
    }

    private readonly record struct Entry(IdempotencyRecord Record, Task Stored);
}
