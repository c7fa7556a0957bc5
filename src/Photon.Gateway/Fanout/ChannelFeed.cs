using Photon.Channels;

namespace Photon.Gateway.Fanout;

/// <summary>
/// This gateway's view of one channel's order: the last position it dispatched. A message can reach the
/// gateway on up to three streams (the channel's, its <c>prefix:*</c>, <c>*</c>); the first arrival is
/// dispatched, later ones are dropped, and a jump in the sequence is repaired from the channel's history
/// before anything after it is dispatched.
/// </summary>
internal sealed class ChannelFeed
{
    private string? _prefixPattern;
    private bool _prefixComputed;

    public Lock Gate { get; } = new();

    /// <summary>The last position dispatched; default until the first message.</summary>
    public ChannelPosition Last { get; set; }

    /// <summary>The <c>prefix:*</c> pattern covering the channel, computed once rather than per message.</summary>
    public string? PrefixPattern(string channel)
    {
        if (!_prefixComputed)
        {
            _prefixPattern = ChannelPattern.PrefixPatternOf(channel);
            _prefixComputed = true;
        }

        return _prefixPattern;
    }

    /// <summary>The channel's head when the stall check last asked; by the next check the feed must have reached it.</summary>
    public ChannelPosition? HeadAtLastCheck { get; set; }

    /// <summary>When the feed last saw a message (<see cref="TimeProvider.GetTimestamp"/>), for sweeping idle feeds.</summary>
    public long LastTouched { get; set; }

    /// <summary>
    /// Where a message at <paramref name="position"/> stands: already dispatched, next in line, or after a gap.
    /// The first message starts the feed; a new epoch (the channel restarted) starts it over from its first message.
    /// </summary>
    public FeedOrder Classify(ChannelPosition position)
    {
        if (Last.Epoch != position.Epoch)
        {
            return Last.Epoch == 0 || position.Sequence == 1 ? FeedOrder.Next : FeedOrder.AfterGap;
        }

        return position.Sequence <= Last.Sequence ? FeedOrder.Duplicate
            : position.Sequence == Last.Sequence + 1 ? FeedOrder.Next
            : FeedOrder.AfterGap;
    }
}

/// <summary>How a message relates to what a <see cref="ChannelFeed"/> has dispatched.</summary>
internal enum FeedOrder
{
    /// <summary>Dispatch it.</summary>
    Next,

    /// <summary>Already dispatched (it came on another stream first).</summary>
    Duplicate,

    /// <summary>Messages before it are missing: repair them from history first.</summary>
    AfterGap,
}
