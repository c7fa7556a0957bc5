using Microsoft.Extensions.Options;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Fanout;
using Photon.Gateway.Publishing;
using Photon.Gateway.Security;

namespace Photon.Gateway.Daemon;

/// <summary>What every daemon connection needs from the gateway, resolved once.</summary>
internal sealed class DaemonServices(
    ChannelFanout fanout,
    ChannelPublisher publisher,
    ChannelAccess access,
    GatewayMetrics metrics,
    IGrainFactory grains,
    IOptions<GatewayOptions> gateway,
    IOptions<DaemonOptions> daemon,
    ILogger<DaemonSession> logger)
{
    public ChannelFanout Fanout => fanout;

    public ChannelPublisher Publisher => publisher;

    public GatewayMetrics Metrics => metrics;

    public IGrainFactory Grains => grains;

    public GatewayOptions Gateway => gateway.Value;

    public DaemonOptions Daemon => daemon.Value;

    /// <summary>Who daemon clients act as: the token named by <see cref="DaemonOptions.TokenName"/>, else anyone with access to the socket may do everything.</summary>
    public ChannelClient Client { get; } = access.ForBridge("daemon", daemon.Value.TokenName);

    public ILogger Logger => logger;
}
