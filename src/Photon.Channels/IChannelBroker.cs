namespace Photon.Channels;

/// <summary>
/// A way to publish and subscribe to channel messages: over HTTP + SSE, the daemon's Unix socket, Redis, or
/// nowhere (<see cref="NoOp.NoOpBroker"/>). Get the one the environment calls for with
/// <see cref="ChannelBrokers.Get"/>.
/// </summary>
/// <remarks>
/// Handlers of one subscription are called one message at a time, in the order the channel assigned; a handler
/// that throws is logged and does not stop the subscription. Disposing the broker ends every subscription.
/// </remarks>
public interface IChannelBroker : IAsyncDisposable
{
    /// <summary>The registry name of this broker: <c>http</c>, <c>daemon</c>, <c>redis</c>, <c>noop</c>, ...</summary>
    string Type { get; }

    /// <summary>Whether the broker can currently reach its server.</summary>
    bool IsConnected { get; }

    /// <summary>Connects ahead of the first publish or subscribe; brokers that connect lazily do nothing.</summary>
    ValueTask ConnectAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Ends every subscription and closes connections; the broker may be connected again afterwards.</summary>
    ValueTask DisconnectAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>Publishes <paramref name="message"/> to its channel; <c>timestamp</c> is filled in when missing.</summary>
    /// <returns>The position the channel assigned, when the transport reports it.</returns>
    /// <exception cref="ChannelBrokerException">The server refused the message or could not be reached.</exception>
    ValueTask<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken = default);

    /// <summary>
    /// Subscribes <paramref name="handler"/> to <paramref name="channel"/>: a channel name, <c>prefix:*</c> or
    /// <c>*</c>. When this returns, messages published afterwards reach the handler.
    /// </summary>
    /// <exception cref="ArgumentException">The channel or pattern is not valid.</exception>
    /// <exception cref="ChannelBrokerException">The server refused the subscription or could not be reached.</exception>
    ValueTask<IChannelSubscription> SubscribeAsync(
        string channel,
        ChannelMessageHandler handler,
        ChannelSubscribeOptions? options = null,
        CancellationToken cancellationToken = default);
}
