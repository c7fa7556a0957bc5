using Photon.Bench.Measuring;
using Photon.Bench.Transports;
using Photon.Bench.Transports.Orleans;

namespace Photon.Bench;

/// <summary>The transports the settings make available: ours through the gateway, then the peers that were started.</summary>
internal sealed class BenchTransports : IAsyncDisposable
{
    private BenchTransports(IReadOnlyList<ITransport> all) => All = all;

    public IReadOnlyList<ITransport> All { get; }

    public static async Task<BenchTransports> CreateAsync(BenchSettings settings, CancellationToken cancellationToken)
    {
        var gateway = new ServerProcess("gateway", settings.GatewayPid);
        var all = new List<ITransport> { new GatewaySseTransport(settings.Gateway!, gateway) };
        if (settings.SocketPath is { } socket)
        {
            all.Add(new GatewaySocketTransport(socket, gateway));
        }

        if (settings.OrleansGatewayPort != 0)
        {
            all.Add(await OrleansClientTransport.ConnectAsync(settings.OrleansGatewayPort, settings.ClusterId, gateway, cancellationToken));
        }

        if (settings.Redis is { } redis)
        {
            all.Add(new RedisBridgeTransport(settings.Gateway!, redis, settings.RedisPrefix, gateway));
            all.Add(new RedisPubSubTransport(redis, new ServerProcess("redis-server", settings.RedisPid)));
        }

        if (settings.Nchan is { } nchan)
        {
            all.Add(new NchanTransport(nchan, new ServerProcess("nginx", settings.NginxPid)));
        }

        return new BenchTransports(all);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var transport in All)
        {
            await transport.DisposeAsync();
        }
    }
}
