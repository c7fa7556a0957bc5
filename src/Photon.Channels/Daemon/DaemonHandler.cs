namespace Photon.Channels.Daemon;

/// <summary>One handler's subscription through a <see cref="DaemonBroker"/>.</summary>
internal sealed class DaemonHandler(DaemonClientConnection connection, DaemonChannelSubscription subscription, ChannelMessageHandler handler, Action<ChannelGap>? onGap)
    : IChannelSubscription
{
    private volatile bool _disposed;

    public string Channel => subscription.Pattern.Value;

    public bool IsActive => !_disposed && !subscription.Failed && !connection.IsStopped;

    public DaemonChannelSubscription Subscription => subscription;

    public ChannelMessageHandler Handler => handler;

    public Action<ChannelGap>? OnGap => onGap;

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            connection.Remove(this);
        }

        return ValueTask.CompletedTask;
    }
}
