using Photon.Channels;
using Photon.Grains.Contracts;

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

    /// <summary>Where a message at <paramref name="position"/> stands: see <see cref="ChannelOrdering"/>.</summary>
    public ChannelOrder Classify(ChannelPosition position) => ChannelOrdering.Classify(Last, position);
}
