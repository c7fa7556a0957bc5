using System.Runtime.CompilerServices;
using Photon.Channels;

namespace Photon.Grains.Contracts;

/// <summary>Reading a channel's history page by page, the way every resume does.</summary>
public static class ChannelHistoryPages
{
    /// <summary>
    /// The pages of <paramref name="grain"/>'s history after <paramref name="after"/>, each following the last one's
    /// final message, up to the channel's head (the last page is <see cref="ChannelReplay.IsComplete"/>). A page
    /// that <see cref="ChannelReplay.IsGap"/> holds what the history still has instead of what was asked for.
    /// </summary>
    public static async IAsyncEnumerable<ChannelReplay> ReadHistoryAsync(
        this IChannelGrain grain, ChannelPosition after, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grain);
        while (true)
        {
            var replay = await grain.GetSinceAsync(after, pageSize).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            yield return replay;
            if (replay.IsComplete)
            {
                yield break;
            }

            after = replay.Events.Last;
        }
    }
}
