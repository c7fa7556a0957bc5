namespace Photon.Channels.Http;

/// <summary>One handler on an <see cref="HttpChannelStream"/>.</summary>
internal sealed class HttpSubscription(HttpBroker broker, string channel, ChannelMessageHandler handler, Action<ChannelGap>? onGap)
    : IChannelSubscription
{
    private volatile bool _disposed;

    public string Channel => channel;

    public bool IsActive => !_disposed && Stream is { IsStopped: false };

    public ChannelMessageHandler Handler => handler;

    public Action<ChannelGap>? OnGap => onGap;

    public HttpChannelStream? Stream { get; set; }

    public ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            broker.Remove(this);
        }

        return ValueTask.CompletedTask;
    }
}
