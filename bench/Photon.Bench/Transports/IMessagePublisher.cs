namespace Photon.Bench.Transports;

/// <summary>A publishing client of one transport, safe to use from several tasks at once.</summary>
internal interface IMessagePublisher : IAsyncDisposable
{
    /// <summary>Publishes <paramref name="message"/> (a ChannelMessage's JSON) and completes when the server accepted it.</summary>
    Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);
}
