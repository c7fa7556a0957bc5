using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Photon.Channels.Internal;
using Photon.Channels.Wire;
using Photon.Grains.Contracts;

namespace Photon.Channels.Orleans;

/// <summary>
/// A broker for .NET processes that are themselves members of the cluster (cluster clients, or hosts of a silo):
/// publishes straight to the channel grains and subscribes to their Orleans streams, without a gateway between.
/// Registered as <c>orleans</c> by <c>ChannelBrokerRegistry.AddOrleansBroker</c>.
/// </summary>
/// <remarks>
/// It delivers as the gateway does: a subscription to a channel attaches to the channel's grain as an
/// <see cref="IChannelObserver"/> (renewing it, and checking the grain's head, every
/// <see cref="OrleansBrokerOptions.RenewInterval"/>), a subscription to a pattern reads the pattern's stream
/// (<see cref="ChannelStreams"/>); it drops what it already dispatched, repairs a jump in a channel's sequence from
/// the grain's history, and resumes after <see cref="ChannelSubscribeOptions.LastEventId"/> (a channel position)
/// with <see cref="IChannelGrain.GetSinceAsync"/>; a resume or repair the history cannot cover is reported through
/// <see cref="ChannelSubscribeOptions.OnGap"/>. Each subscription is its own observer or stream subscription,
/// delivered over the wire separately: share one subscription per channel in a process that has many handlers
/// (the gateway fans out locally for that reason).
/// </remarks>
public sealed partial class OrleansBroker : IChannelBroker
{
    /// <summary>The registry name of this broker.</summary>
    public const string TypeName = "orleans";

    private readonly OrleansBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly CopyOnWriteList<OrleansSubscription> _subscriptions = new();
    private volatile bool _disposed;

    /// <summary>Creates a broker over a cluster client the process already has and starts.</summary>
    public OrleansBroker(OrleansBrokerOptions options, ILogger<OrleansBroker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Cluster);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <inheritdoc />
    public string Type => TypeName;

    /// <inheritdoc />
    /// <remarks>The cluster client reconnects by itself; the broker is connected until it is disposed.</remarks>
    public bool IsConnected => !_disposed;

    internal OrleansBrokerOptions Options => _options;

    internal ILogger Logger => _logger;

    /// <inheritdoc />
    public async ValueTask<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);

        // The same validation and normal form as a publish through the gateway, so subscribers cannot tell the paths apart.
        var normalized = new ArrayBufferWriter<byte>(256);
        if (!ChannelMessageJson.TryNormalize(ChannelMessageJson.Serialize(message.WithTimestamp()), 0, normalized, out var channel, out _, out var error))
        {
            throw new ChannelBrokerException($"Orleans publish refused: {error.Code}: {error.Message}");
        }

        try
        {
            return await _options.Cluster.GetGrain<IChannelGrain>(channel).PublishAsync(normalized.WrittenSpan.ToArray())
                .AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            throw new ChannelBrokerException($"Orleans publish to {channel} refused: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
        {
            throw new ChannelBrokerException($"Orleans publish to {channel} failed: {ex.Message}", ex);
        }
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
        ObjectDisposedException.ThrowIf(_disposed, this);
        var subscription = new OrleansSubscription(this, pattern, handler, options);
        _subscriptions.Add(subscription);
        try
        {
            await subscription.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw ex is OrleansException or TimeoutException or SiloUnavailableException
                ? new ChannelBrokerException($"subscribing to {pattern} through Orleans failed: {ex.Message}", ex)
                : ex;
        }

        return subscription;
    }

    /// <inheritdoc />
    public async ValueTask DisconnectAsync(CancellationToken cancellationToken = default)
    {
        foreach (var subscription in _subscriptions.Items)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await DisconnectAsync().ConfigureAwait(false);
    }

    internal void Remove(OrleansSubscription subscription) => _subscriptions.Remove(subscription);
}
