using System.ComponentModel.DataAnnotations;
using Photon.Gateway.Security;
using Photon.Gateway.Webhooks;

namespace Photon.Gateway;

/// <summary>The gateway's settings; configuration section <c>Photon:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Gateway";

    /// <summary>
    /// The shared token (<c>PHOTON_CHANNEL_AUTH_TOKEN</c>), allowed every channel. When it or any of
    /// <see cref="Tokens"/> is set, <c>/publish</c> and <c>/subscribe</c> require
    /// <c>Authorization: Bearer &lt;token&gt;</c>. Compared in constant time; never logged.
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>Scoped tokens by name: each with the channel patterns it may publish to and subscribe to.</summary>
    public Dictionary<string, ScopedTokenOptions> Tokens { get; } = new(StringComparer.Ordinal);

    /// <summary>Webhook endpoints by name: which channels accept <c>POST /webhooks/{channel}</c> and how requests are verified.</summary>
    public Dictionary<string, WebhookEndpointOptions> Webhooks { get; } = new(StringComparer.Ordinal);

    /// <summary>Messages per second one client (token, or address when the gateway is open) may publish. Default 10,000.</summary>
    [Range(0.001, 10_000_000)]
    public double PublishRatePerSecond { get; set; } = 10_000;

    /// <summary>How many messages one client may publish in a burst above its rate. Default 20,000.</summary>
    [Range(1, 10_000_000)]
    public int PublishBurst { get; set; } = 20_000;

    /// <summary>How many event streams one client address may hold open at once. Default 1,024.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnectionsPerClientAddress { get; set; } = 1024;

    /// <summary>The largest message body accepted, in bytes (<c>PHOTON_MAX_MESSAGE_BYTES</c>). Default 1 MiB.</summary>
    [Range(64, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>The most messages one <c>POST /publish</c> batch (a JSON array) may hold. Default 1,000.</summary>
    [Range(1, 100_000)]
    public int MaxBatchMessages { get; set; } = 1000;

    /// <summary>The largest <c>POST /publish</c> batch body, in bytes; each message in it is still held to <see cref="MaxMessageBytes"/>. Default 4 MiB.</summary>
    [Range(64, 256 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>The most channels and patterns one event stream or daemon connection may subscribe to. Default 64.</summary>
    [Range(1, 4096)]
    public int MaxSubscriptionsPerConnection { get; set; } = 64;

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

    /// <summary>
    /// How often the gateway renews its attachment to the grain of each channel it carries and checks the channels
    /// it carries through patterns against their grain's head; a channel whose grain had dropped the gateway, or
    /// that fell a whole interval behind, is repaired from history. Must stay well within the grains'
    /// <c>Photon:Channels:ObserverLeaseTime</c> (30 s). Default 5 s.
    /// </summary>
    public TimeSpan StallCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether Kestrel runs request and response continuations on its socket threads instead of handing each to
    /// the thread pool (Kestrel's <c>UnsafePreferInlineScheduling</c>). Every event written to a stream is a
    /// flush, so this saves a thread hop per delivery (measured on two cores, this option alone: 12-65% more SSE
    /// fan-out deliveries/s and a lower steady p99, in two noisy A/B pairs); the gateway's request code never
    /// blocks, which is what the setting needs. Default true.
    /// </summary>
    public bool InlineSocketScheduling { get; set; } = true;

    /// <summary>How many messages one history read fetches when replaying. Default 500.</summary>
    [Range(1, 10_000)]
    public int ReplayPageSize { get; set; } = 500;
}
