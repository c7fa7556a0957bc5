using Photon.Testing;

namespace Photon.Gateway.Tests.Helpers;

/// <summary>One gateway (with its embedded silo) shared by the tests of a collection; tests use their own channel names.</summary>
public class GatewayFixture : IAsyncLifetime
{
    public GatewayHost Gateway { get; private set; } = null!;

    /// <summary>History bound small enough for tests to outrun it.</summary>
    public const int HistoryMaxCount = 64;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Photon:Channels:HistoryMaxCount"] = HistoryMaxCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Photon:Gateway:MaxMessageBytes"] = "4096",
    };

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync(Settings);

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class GatewayCollection : ICollectionFixture<GatewayFixture>
{
    public const string Name = "gateway";
}
