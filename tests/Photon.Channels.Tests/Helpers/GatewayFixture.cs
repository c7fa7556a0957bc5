using Photon.Testing;

namespace Photon.Channels.Tests.Helpers;

/// <summary>A real gateway for the client library's tests to talk to.</summary>
public sealed class GatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}
