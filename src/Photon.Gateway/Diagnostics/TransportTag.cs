namespace Photon.Gateway.Diagnostics;

/// <summary>
/// The <c>transport</c> tag of the gateway's metrics: the same names <c>/channels</c>, the console and the CLI use.
/// </summary>
internal static class TransportTag
{
    public const string Http = "http";
    public const string Sse = "sse";
    public const string Socket = "socket";
    public const string Redis = "redis";
    public const string Webhook = "webhook";
}
