using System.Net.Sockets;
using System.Runtime.Versioning;

namespace Photon.Gateway.Daemon;

/// <summary>
/// Creates a daemon's listening Unix socket safely: owner-only from the first instant, never stealing a
/// socket a live process still answers on, replacing one a dead process left behind.
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class DaemonSocket
{
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlySocket = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Binds and listens on <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">A live process answers on the path.</exception>
    public static Socket Listen(string path)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new InvalidOperationException($"{path} has no directory");
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerOnlyDirectory);
        }

        if (File.Exists(path))
        {
            if (AnswersOn(path))
            {
                throw new InvalidOperationException($"another process is listening on {path}; stop it, or serve other names (PHOTON_DAEMON_NAMES) or another directory (PHOTON_SOCKET_DIR)");
            }

            File.Delete(path);
        }

        // Bind inside a private directory, restrict the socket, then move it into place: the socket is never
        // reachable with the process umask's permissions, not even for an instant.
        var staging = Path.Combine(directory, $".photon-{Environment.ProcessId}-{Random.Shared.Next():x}");
        Directory.CreateDirectory(staging, OwnerOnlyDirectory);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            var temporary = Path.Combine(staging, "s");
            socket.Bind(new UnixDomainSocketEndPoint(temporary));
            File.SetUnixFileMode(temporary, OwnerOnlySocket);
            File.Move(temporary, path, overwrite: false);
            // A reconnect storm (every client of a restarted gateway at once) overflowed a backlog of 512 in the
            // benchmark; the kernel caps this at net.core.somaxconn (4096 on current kernels).
            socket.Listen(4096);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    private static bool AnswersOn(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.ConnectionRefused or SocketError.AddressNotAvailable)
        {
            return false;
        }
        catch (SocketException)
        {
            // Anything else (no permission, for instance) may be someone else's live socket: leave it alone.
            return true;
        }
    }
}
