using System.Globalization;

namespace Photon.Testing;

/// <summary>
/// The settings of two gateways of one cluster: <see cref="Hosting"/> co-hosts the silo, <see cref="Joining"/>
/// joins it as a cluster client (<c>Photon:Cluster:Mode=Client</c>) through the silo's gateway port.
/// </summary>
public sealed record TwoGatewayCluster(Dictionary<string, string?> Hosting, Dictionary<string, string?> Joining)
{
    /// <summary>A new cluster id and a free silo gateway port, in both gateways' settings.</summary>
    public static TwoGatewayCluster Create()
    {
        var clusterId = $"test-{Guid.NewGuid():N}";
        var orleansGatewayPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        return new(
            new() { ["Photon:Cluster:ClusterId"] = clusterId, ["Photon:Cluster:GatewayPort"] = orleansGatewayPort },
            new() { ["Photon:Cluster:ClusterId"] = clusterId, ["Photon:Cluster:GatewayPort"] = orleansGatewayPort, ["Photon:Cluster:Mode"] = "Client" });
    }
}
