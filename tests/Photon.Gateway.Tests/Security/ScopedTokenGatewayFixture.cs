using Photon.Gateway.Tests.Helpers;

namespace Photon.Gateway.Tests.Security;

/// <summary>A gateway with the shared token, two scoped tokens, and its daemon socket acting as one of them.</summary>
public sealed class ScopedTokenGatewayFixture : GatewayFixture
{
    public const string SharedToken = "shared-token-0123456789";
    public const string BoardToken = "board-token-0123456789";
    public const string ReaderToken = "reader-token-0123456789";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Photon:Gateway:AuthToken"] = SharedToken,
        ["Photon:Gateway:Tokens:board:Token"] = BoardToken,
        ["Photon:Gateway:Tokens:board:Publish"] = "board:*, audit:board",
        ["Photon:Gateway:Tokens:board:Subscribe"] = "board:*",
        ["Photon:Gateway:Tokens:reader:Token"] = ReaderToken,
        ["Photon:Gateway:Tokens:reader:Subscribe"] = "*",
        ["Photon:Daemon:TokenName"] = "board",
    };
}
