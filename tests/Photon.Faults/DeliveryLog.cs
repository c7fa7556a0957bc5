namespace Photon.Faults;

/// <summary>What one subscriber received on one channel: sequence numbers in arrival order, and gaps reported.</summary>
internal sealed class DeliveryLog(string subscriber)
{
    private readonly Lock _gate = new();
    private readonly List<long> _received = [];
    private readonly HashSet<long> _distinct = [];
    private int _gaps;

    public string Subscriber => subscriber;

    public int DistinctCount
    {
        get
        {
            lock (_gate)
            {
                return _distinct.Count;
            }
        }
    }

    public void Add(long seq)
    {
        lock (_gate)
        {
            _received.Add(seq);
            _distinct.Add(seq);
        }
    }

    /// <summary>The server said it could not resume (<c>refresh_needed</c>): messages were missed.</summary>
    public void AddGap() => Interlocked.Increment(ref _gaps);

    /// <summary>
    /// Compares what arrived with what was published. Each publisher lane publishes its numbers one after
    /// another, so within a lane the channel's order is the numbers' order: a new number below one already
    /// received from its lane arrived out of order.
    /// </summary>
    public DeliveryCheck Check(SequencedPublisher published)
    {
        lock (_gate)
        {
            var seen = new HashSet<long>();
            var highestPerLane = new Dictionary<long, long>();
            var duplicates = new List<long>();
            var reordered = 0;
            foreach (var seq in _received)
            {
                if (!seen.Add(seq))
                {
                    duplicates.Add(seq);
                    continue;
                }

                var lane = published.LaneOf(seq);
                if (highestPerLane.TryGetValue(lane, out var highest) && seq < highest)
                {
                    reordered++;
                }

                highestPerLane[lane] = Math.Max(seq, highestPerLane.GetValueOrDefault(lane));
            }

            var lost = published.Sequences.Count(seq => !seen.Contains(seq));
            var unpublished = seen.Count(seq => !published.Contains(seq));
            return new DeliveryCheck(subscriber, _received.Count, lost, duplicates, reordered, unpublished, _gaps);
        }
    }
}
