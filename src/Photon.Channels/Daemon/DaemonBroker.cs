using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Photon.Channels.Internal;

namespace Photon.Channels.Daemon;

/// <summary>
/// Publishes and subscribes through a Photon daemon's Unix socket (the gateway's daemon bridge, or the
/// reference daemon), speaking the protocol of the TypeScript DaemonBroker.
/// </summary>
/// <remarks>
/// What it does that the TypeScript client does not: one connection per socket carries every subscription
/// and publish; <c>*</c> and <c>prefix:*</c> deliver; several handlers per channel, and disposing one leaves
/// the others; a lost connection is re-established with backoff and each channel resumes from the last event
/// id it saw; <see cref="IChannelSubscription.IsActive"/> turns false when a subscription is really gone; a
/// publish that fails throws. As in the TypeScript client, a component without a name publishes to the socket
/// named after the channel's prefix.
/// </remarks>
public sealed class DaemonBroker : IChannelBroker
{
    /// <summary>The registry name of this broker.</summary>
    public const string TypeName = "daemon";

    private readonly DaemonBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DaemonClientConnection> _connections = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>Creates a broker; it connects on first use.</summary>
    public DaemonBroker(DaemonBrokerOptions options, ILogger<DaemonBroker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Type => TypeName;

    /// <summary>The socket this broker subscribes through.</summary>
    public string SocketPath => _options.SocketPath ?? DaemonSocketPath.For(_options.PhotonName, _options.SocketDirectory);

    /// <inheritdoc />
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return !_disposed && _connections.Values.All(c => c.IsConnected);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask ConnectAsync(CancellationToken cancellationToken = default) =>
        await Connection(SocketPath).EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ChannelName.ThrowIfInvalid(message.Channel, nameof(message));
        var stamped = message.WithTimestamp() with { Source = message.Source ?? _options.PhotonName };
        return await Connection(PublishSocketPath(message.Channel)).PublishAsync(stamped, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IChannelSubscription> SubscribeAsync(
        string channel,
        ChannelMessageHandler handler,
        ChannelSubscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var pattern = ChannelPattern.Parse(channel);
        ArgumentNullException.ThrowIfNull(handler);
        return await Connection(SocketPath).SubscribeAsync(pattern, handler, options, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisconnectAsync(CancellationToken cancellationToken = default)
    {
        DaemonClientConnection[] connections;
        lock (_gate)
        {
            connections = [.. _connections.Values];
            _connections.Clear();
        }

        foreach (var connection in connections)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        await DisconnectAsync().ConfigureAwait(false);
    }

    private string PublishSocketPath(string channel)
    {
        var separator = channel.IndexOf(ChannelName.Separator, StringComparison.Ordinal);
        return _options.SocketPath is null && _options.PhotonName == DaemonSocketPath.UnknownName && separator > 0
            ? DaemonSocketPath.For(channel[..separator], _options.SocketDirectory)
            : SocketPath;
    }

    private DaemonClientConnection Connection(string path)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_connections.TryGetValue(path, out var connection))
            {
                connection = new DaemonClientConnection(path, _options, _logger);
                _connections.Add(path, connection);
            }

            return connection;
        }
    }
}
