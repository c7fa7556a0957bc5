using Photon.Testing;

namespace Photon.Channels.Tests.Helpers;

/// <summary>A real gateway for the client library's tests to talk to.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    // "dmn" too: a DaemonBroker without a name publishes to the socket named after the channel's prefix.
    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Daemon:Names"] = "unknown,dmn" });

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
