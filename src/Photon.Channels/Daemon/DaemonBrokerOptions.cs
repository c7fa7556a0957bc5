namespace Photon.Channels.Daemon;

/// <summary>How a <see cref="DaemonBroker"/> finds its daemon.</summary>
public sealed class DaemonBrokerOptions
{
    /// <summary>The component's name (<c>PHOTON_NAME</c>): the socket is <c>&lt;name&gt;.sock</c>. Default <c>unknown</c>.</summary>
    public string PhotonName { get; set; } = DaemonSocketPath.UnknownName;

    /// <summary>The socket directory (<c>PHOTON_SOCKET_DIR</c>). Default <c>~/.photon/daemons</c>.</summary>
    public string? SocketDirectory { get; set; }

    /// <summary>
    /// One socket for everything, overriding <see cref="PhotonName"/> and <see cref="SocketDirectory"/>: publishes go
    /// there too, instead of to the socket named after the channel's prefix. For tools pointed at a known daemon.
    /// </summary>
    public string? SocketPath { get; set; }

    /// <summary>How long a request (publish, subscribe) waits for the daemon's answer. Default 5 s, as in the TypeScript client.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first wait before reconnecting; it doubles on each failure up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between reconnection attempts. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest line accepted from the daemon. Default 4 MiB.</summary>
    public int MaxLineBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Options from <c>PHOTON_NAME</c> and <c>PHOTON_SOCKET_DIR</c>.</summary>
    public static DaemonBrokerOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new DaemonBrokerOptions
        {
            PhotonName = environment(PhotonEnvironment.Name) is { Length: > 0 } name ? name : DaemonSocketPath.UnknownName,
            SocketDirectory = environment(PhotonEnvironment.SocketDirectory),
        };
    }
}
