namespace Photon.Grains.Statistics;

/// <summary>
/// A channel's publish rate over a sliding window, from samples of its sequence taken on a timer: the publish
/// path only increments the sequence it already keeps, and all the arithmetic happens here, off it.
/// </summary>
/// <remarks>
/// The rate is the sequence's growth since the newest sample at least a window old (the first sample until there
/// is one), divided by the time between the two: with samples every 2 s and a 10 s window, an average over the
/// last 10 to 12 s, and exactly 0 once a whole window passed without a publish.
/// </remarks>
internal sealed class PublishRate(TimeSpan window, TimeProvider time)
{
    private readonly Queue<(long Timestamp, long Sequence)> _samples = new();

    /// <summary>Records <paramref name="sequence"/> now and returns the messages per second over the window.</summary>
    public double Sample(long sequence)
    {
        var now = time.GetTimestamp();
        _samples.Enqueue((now, sequence));

        // Keep one sample at least a window old as the base; drop those older than it.
        while (_samples.Count > 2 && time.GetElapsedTime(ElementAfterOldest().Timestamp, now) >= window)
        {
            _samples.Dequeue();
        }

        var (baseTimestamp, baseSequence) = _samples.Peek();
        var seconds = time.GetElapsedTime(baseTimestamp, now).TotalSeconds;
        return seconds > 0 && sequence > baseSequence ? (sequence - baseSequence) / seconds : 0;
    }

    private (long Timestamp, long Sequence) ElementAfterOldest()
    {
        using var samples = _samples.GetEnumerator();
        samples.MoveNext();
        samples.MoveNext();
        return samples.Current;
    }
}
