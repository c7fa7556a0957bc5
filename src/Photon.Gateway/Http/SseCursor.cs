using System.Text;
using Photon.Channels;

namespace Photon.Gateway.Http;

/// <summary>
/// The SSE event id of a stream, which the client sends back as <c>Last-Event-ID</c> to resume. A stream of
/// one channel uses the message's position (<c>3f9c01b2e7-17</c>); a stream of several channels or patterns
/// uses a cursor of each channel's last position, form-encoded
/// (<c>board%3Aa=3f9c01b2e7-17&amp;board%3Ab=51d0aa03c1-4</c>), so that every channel resumes where it was.
/// </summary>
internal static class SseCursor
{
    /// <summary>The most channels a cursor remembers; beyond it the least recently seen wildcard channels are dropped.</summary>
    public const int MaxChannels = 64;

    /// <summary>Whether a stream of <paramref name="patterns"/> uses plain positions as ids.</summary>
    public static bool IsSingleChannel(IReadOnlyList<ChannelPattern> patterns) => patterns is [{ IsWildcard: false }];

    /// <summary>Reads a <c>Last-Event-ID</c> sent to a stream of <paramref name="patterns"/>.</summary>
    /// <returns><see langword="false"/> when the id is not one this gateway hands out.</returns>
    public static bool TryParse(string lastEventId, IReadOnlyList<ChannelPattern> patterns, out Dictionary<string, ChannelPosition> positions)
    {
        positions = new Dictionary<string, ChannelPosition>(StringComparer.Ordinal);
        if (IsSingleChannel(patterns) && ChannelPosition.TryParse(lastEventId, out var single))
        {
            positions[patterns[0].Value] = single;
            return true;
        }

        foreach (var pair in lastEventId.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !ChannelPosition.TryParse(pair.AsSpan(equals + 1), out var position))
            {
                return false;
            }

            var channel = Uri.UnescapeDataString(pair[..equals]);
            if (ChannelName.IsValid(channel) && patterns.Any(p => p.Matches(channel)) && positions.Count < MaxChannels)
            {
                positions[channel] = position;
            }
        }

        return positions.Count > 0;
    }

    /// <summary>Writes the cursor of <paramref name="positions"/>.</summary>
    public static string Format(IEnumerable<KeyValuePair<string, ChannelPosition>> positions)
    {
        var text = new StringBuilder();
        foreach (var (channel, position) in positions)
        {
            if (text.Length > 0)
            {
                text.Append('&');
            }

            text.Append(Uri.EscapeDataString(channel)).Append('=').Append(position.ToString());
        }

        return text.ToString();
    }
}
