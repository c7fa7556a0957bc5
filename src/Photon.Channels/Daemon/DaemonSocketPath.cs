namespace Photon.Channels.Daemon;

/// <summary>
/// Where the daemon's Unix sockets live: <c>${PHOTON_SOCKET_DIR:-~/.photon/daemons}/&lt;name&gt;.sock</c>, the
/// layout of the TypeScript DaemonBroker.
/// </summary>
public static class DaemonSocketPath
{
    /// <summary>The name a component without <c>PHOTON_NAME</c> uses, as the TypeScript client does.</summary>
    public const string UnknownName = "unknown";

    /// <summary>The default socket directory, <c>~/.photon/daemons</c>.</summary>
    public static string DefaultDirectory =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".photon", "daemons");

    /// <summary>The socket directory: <paramref name="socketDirectory"/> with a leading <c>~</c> expanded, else the default.</summary>
    public static string Directory(string? socketDirectory) => string.IsNullOrWhiteSpace(socketDirectory)
        ? DefaultDirectory
        : ExpandHome(socketDirectory);

    /// <summary>The path of the socket for <paramref name="name"/>.</summary>
    public static string For(string? name, string? socketDirectory) =>
        Path.Combine(Directory(socketDirectory), (string.IsNullOrWhiteSpace(name) ? UnknownName : name) + ".sock");

    /// <summary>
    /// Whether a daemon socket is there for the environment: the named one when <c>PHOTON_NAME</c> is set,
    /// otherwise any socket in the directory.
    /// </summary>
    public static bool Exists(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var name = environment(PhotonEnvironment.Name);
        var socketDirectory = environment(PhotonEnvironment.SocketDirectory);
        if (!string.IsNullOrWhiteSpace(name))
        {
            return File.Exists(For(name, socketDirectory));
        }

        var directory = Directory(socketDirectory);
        return System.IO.Directory.Exists(directory) && System.IO.Directory.EnumerateFiles(directory, "*.sock").Any();
    }

    /// <summary><paramref name="path"/> with a leading <c>~</c> replaced by the user's home directory.</summary>
    public static string ExpandHome(string path) => path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
        ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : string.Empty)
        : path;
}
