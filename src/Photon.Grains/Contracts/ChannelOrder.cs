using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>How a message arriving on a channel's streams relates to the last one a reader dispatched.</summary>
public enum ChannelOrder
{
    /// <summary>Dispatch it.</summary>
    Next,

    /// <summary>Already dispatched (it came on another stream first, or from the history).</summary>
    Duplicate,

    /// <summary>Messages before it are missing: repair them from the channel's history first.</summary>
    AfterGap,
}

/// <summary>
/// The ordering rule every reader of channel streams applies (the gateway's fan-out, <c>OrleansBroker</c>): a
/// message is the next one, a duplicate, or after a gap. The first message (the last position is default) starts
/// the reader; a new epoch (the channel restarted) starts it over from its first message, so a new epoch seen
/// after its start is a gap too.
/// </summary>
public static class ChannelOrdering
{
    /// <summary>Where a message at <paramref name="position"/> stands after <paramref name="last"/>.</summary>
    public static ChannelOrder Classify(ChannelPosition last, ChannelPosition position)
    {
        if (last.Epoch != position.Epoch)
        {
            return last.Epoch == 0 || position.Sequence == 1 ? ChannelOrder.Next : ChannelOrder.AfterGap;
        }

        return position.Sequence <= last.Sequence ? ChannelOrder.Duplicate
            : position.Sequence == last.Sequence + 1 ? ChannelOrder.Next
            : ChannelOrder.AfterGap;
    }
}
