using Photon.Testing;

namespace Photon.Cli.Tests.Helpers;

/// <summary>One real gateway (embedded silo, HTTP and daemon socket on free loopback ports) shared by a collection; tests use their own channels.</summary>
public sealed class CliGatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    /// <summary>The gateway's base URL, as <c>--url</c> takes it.</summary>
    public string Url => Gateway.BaseAddress.ToString().TrimEnd('/');

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync();

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class CliGatewayCollection : ICollectionFixture<CliGatewayFixture>
{
    public const string Name = "cli-gateway";
}
