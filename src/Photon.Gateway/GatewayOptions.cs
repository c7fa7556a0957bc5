using System.ComponentModel.DataAnnotations;

namespace Photon.Gateway;

/// <summary>The gateway's settings; configuration section <c>Photon:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Gateway";

    /// <summary>
    /// When set, <c>/publish</c> and <c>/subscribe</c> require <c>Authorization: Bearer &lt;token&gt;</c>
    /// (<c>PHOTON_CHANNEL_AUTH_TOKEN</c>). Compared in constant time; never logged.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>The largest message body accepted, in bytes (<c>PHOTON_MAX_MESSAGE_BYTES</c>). Default 1 MiB.</summary>
    [Range(64, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>The most <c>channel</c> parameters one event stream may carry. Default 32.</summary>
    [Range(1, 1024)]
    public int MaxChannelsPerStream { get; set; } = 32;

    /// <summary>How often an idle event stream gets a keep-alive comment. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay suggested to EventSource clients (<c>retry:</c>). Default 2 s.</summary>
    public TimeSpan ClientRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many messages may wait for one subscriber before it is disconnected as too slow. Default 4,096.</summary>
    [Range(16, 1_000_000)]
    public int SubscriberQueueMessages { get; set; } = 4096;

    /// <summary>How many bytes may wait for one subscriber before it is disconnected as too slow. Default 16 MiB.</summary>
    [Range(1024, long.MaxValue)]
    public long SubscriberQueueBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>How many messages one history read fetches when replaying. Default 500.</summary>
    [Range(1, 10_000)]
    public int ReplayPageSize { get; set; } = 500;
}
