namespace Photon.Cli.Transport;

/// <summary>The CLI's names for the transports (<c>--transport</c>); the library calls the socket broker <c>daemon</c>.</summary>
internal static class TransportNames
{
    public const string Http = "http";
    public const string Socket = "socket";
    public const string Redis = "redis";
}
