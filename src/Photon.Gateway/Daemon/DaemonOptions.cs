using System.ComponentModel.DataAnnotations;
using Photon.Channels.Daemon;
using Photon.Channels.Wire;

namespace Photon.Gateway.Daemon;

/// <summary>The Unix-socket daemon bridge; configuration section <c>Photon:Daemon</c>.</summary>
public sealed class DaemonOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Daemon";

    /// <summary>Whether the gateway serves daemon sockets (<c>PHOTON_DAEMON_ENABLED</c>). Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where the sockets are created (<c>PHOTON_SOCKET_DIR</c>). Default <c>~/.photon/daemons</c>.</summary>
    public string? SocketDirectory { get; set; }

    /// <summary>
    /// The daemon names to serve, comma-separated (<c>PHOTON_DAEMON_NAMES</c>): one socket
    /// <c>&lt;name&gt;.sock</c> each. Default <c>unknown</c>, the name clients use when <c>PHOTON_NAME</c> is not set.
    /// </summary>
    public string Names { get; set; } = DaemonSocketPath.UnknownName;

    /// <summary>The longest request line accepted; a longer one gets an error line and the connection is closed. Default 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxLineBytes { get; set; } = JsonLines.DefaultMaxLineBytes;

    /// <summary>
    /// The name of a scoped token (<c>Photon:Gateway:Tokens:&lt;name&gt;</c>) whose channel patterns and rate
    /// apply to every daemon connection. Unset, the socket's owner-only permissions are the access control and
    /// its clients may use every channel.
    /// </summary>
    public string? TokenName { get; set; }

    /// <summary>How many connections the daemon sockets serve at once; more are refused with an error line. Default 1,024.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 1024;

    /// <summary>How long connections get to read the shutdown notice before the gateway closes them. Default 500 ms.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The socket paths to serve.</summary>
    /// <exception cref="InvalidOperationException">A name is not a plain file name (letters, digits, <c>.</c>, <c>_</c>, <c>-</c>).</exception>
    public IReadOnlyList<string> SocketPaths() => [.. Names
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Distinct(StringComparer.Ordinal)
        .Select(name => IsPlainName(name)
            ? DaemonSocketPath.For(name, SocketDirectory)
            : throw new InvalidOperationException($"daemon name '{name}' (PHOTON_DAEMON_NAMES) must be letters, digits, '.', '_' or '-', not starting with '.'"))];

    private static bool IsPlainName(string name) =>
        name[0] != '.' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
