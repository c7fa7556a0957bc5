namespace Photon.Channels.NoOp;

/// <summary>
/// The broker of last resort: publishing succeeds and goes nowhere, subscriptions never receive anything. Used
/// when nothing is configured, so that components run unchanged without channel infrastructure.
/// </summary>
public sealed class NoOpBroker : IChannelBroker
{
    /// <summary>The registry name of this broker.</summary>
    public const string TypeName = "noop";

    /// <inheritdoc />
    public string Type => TypeName;

    /// <inheritdoc />
    public bool IsConnected => true;

    /// <inheritdoc />
    public ValueTask<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ValueTask.FromResult<ChannelPosition?>(null);
    }

    /// <inheritdoc />
    public ValueTask<IChannelSubscription> SubscribeAsync(
        string channel,
        ChannelMessageHandler handler,
        ChannelSubscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ChannelPattern.Parse(channel);
        ArgumentNullException.ThrowIfNull(handler);
        return ValueTask.FromResult<IChannelSubscription>(new Subscription(channel));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class Subscription(string channel) : IChannelSubscription
    {
        public string Channel => channel;

        public bool IsActive { get; private set; } = true;

        public ValueTask DisposeAsync()
        {
            IsActive = false;
            return ValueTask.CompletedTask;
        }
    }
}
