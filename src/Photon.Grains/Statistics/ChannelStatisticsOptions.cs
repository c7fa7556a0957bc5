using System.ComponentModel.DataAnnotations;

namespace Photon.Grains.Statistics;

/// <summary>How channel statistics are gathered; configuration section <c>Photon:Statistics</c>, read by silos and gateways.</summary>
public sealed class ChannelStatisticsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Statistics";

    /// <summary>
    /// How often each gateway reports its subscribers, and each channel grain that was published to its head and
    /// rate, to the channel directory. A gateway's report stands for three intervals. Default 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The window <c>messagesPerSecond</c> is averaged over. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a channel without subscribers of its own stays listed after its last publish. Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan ActiveWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a gateway's report stands: three report intervals, so one late report does not drop its subscribers.</summary>
    public TimeSpan GatewayReportLifetime => ReportInterval * 3;
}
