using System.Text;

namespace Photon.Bench.Scenarios;

/// <summary>The one message every transport carries: a ChannelMessage whose data holds its send time.</summary>
internal static class BenchMessage
{
    /// <summary>The send time of warm-up messages, which show that a subscription is live and are not measured.</summary>
    public const long WarmUpTimestamp = 0;

    /// <param name="channel">A channel name with no characters JSON must escape.</param>
    /// <param name="sentTimestamp">A <see cref="System.Diagnostics.Stopwatch"/> timestamp: the publisher and subscribers share this process's clock.</param>
    public static byte[] Create(string channel, long sentTimestamp) =>
        Encoding.UTF8.GetBytes($$$"""{"channel":"{{{channel}}}","event":"bench","data":{"sent":{{{sentTimestamp}}}}}""");
}
