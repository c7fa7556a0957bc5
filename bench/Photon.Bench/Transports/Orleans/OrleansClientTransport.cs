using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Photon.Bench.Measuring;
using Photon.Channels;
using Photon.Grains.Contracts;
using Photon.Grains.Hosting;

namespace Photon.Bench.Transports.Orleans;

/// <summary>
/// Ours with no gateway protocol in between: an Orleans cluster client joined to the gateway's embedded silo,
/// publishing with <see cref="IChannelGrain.PublishAsync"/> and attaching an observer to the channel's grain as
/// the gateway's fan-out does. Every subscriber is one observer of this one client.
/// </summary>
internal sealed class OrleansClientTransport : ITransport
{
    private readonly IHost _host;
    private readonly IClusterClient _client;

    private OrleansClientTransport(IHost host, ServerProcess gateway)
    {
        _host = host;
        _client = host.Services.GetRequiredService<IClusterClient>();
        Server = gateway;
    }

    public string Name => "orleans";

    public bool IsPeer => false;

    public ServerProcess Server { get; }

    /// <summary>Joins the silo that accepts clients on <paramref name="siloGatewayPort"/> in cluster <paramref name="clusterId"/>.</summary>
    public static async Task<OrleansClientTransport> ConnectAsync(int siloGatewayPort, string clusterId, ServerProcess gateway, CancellationToken cancellationToken)
    {
        // No default logging: the client's start-up lines would land in the middle of the table.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{PhotonClusterOptions.SectionName}:{nameof(PhotonClusterOptions.GatewayPort)}"] = siloGatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{PhotonClusterOptions.SectionName}:{nameof(PhotonClusterOptions.ClusterId)}"] = clusterId,
        });
        builder.UseOrleansClient(client => client.UsePhotonClustering(builder.Configuration).AddPhotonChannels(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new OrleansClientTransport(host, gateway);
    }

    public async Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, CancellationToken cancellationToken) =>
        await ObserverAttachment.AttachAsync(_client, channel, new ScanningObserver(scanner));

    public Task<IMessagePublisher> ConnectPublisherAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IMessagePublisher>(new GrainPublisher(_client));

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
