using Microsoft.Extensions.Options;
using Photon.Gateway.Fanout;
using Photon.Gateway.Publishing;

namespace Photon.Gateway.Daemon;

/// <summary>What every daemon connection needs from the gateway, resolved once.</summary>
internal sealed class DaemonServices(
    ChannelFanout fanout,
    ChannelPublisher publisher,
    IGrainFactory grains,
    IOptions<GatewayOptions> gateway,
    IOptions<DaemonOptions> daemon,
    ILogger<DaemonSession> logger)
{
    public ChannelFanout Fanout => fanout;

    public ChannelPublisher Publisher => publisher;

    public IGrainFactory Grains => grains;

    public GatewayOptions Gateway => gateway.Value;

    public DaemonOptions Daemon => daemon.Value;

    public ILogger Logger => logger;
}
