namespace Photon.Channels;

/// <summary>A handler's subscription to a channel; dispose it to unsubscribe.</summary>
public interface IChannelSubscription : IAsyncDisposable
{
    /// <summary>The channel or pattern subscribed to.</summary>
    string Channel { get; }

    /// <summary>
    /// Whether messages can still arrive: <see langword="false"/> once disposed, and once the broker has given
    /// up on the subscription (the server refused it, or the broker was disposed).
    /// </summary>
    bool IsActive { get; }
}
