using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Photon.Channels;

/// <summary>Conveniences over <see cref="IChannelBroker"/>.</summary>
public static class ChannelBrokerExtensions
{
    /// <summary>Subscribes a synchronous handler, as the TypeScript <c>subscribe(channel, message =&gt; ...)</c> does.</summary>
    public static ValueTask<IChannelSubscription> SubscribeAsync(
        this IChannelBroker broker,
        string channel,
        Action<ChannelMessage> handler,
        ChannelSubscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(handler);
        return broker.SubscribeAsync(
            channel,
            (message, _) =>
            {
                handler(message);
                return ValueTask.CompletedTask;
            },
            options,
            cancellationToken);
    }

    /// <summary>
    /// Subscribes to <paramref name="channel"/> and yields its messages until <paramref name="cancellationToken"/>
    /// is cancelled or the enumeration is abandoned, which unsubscribes.
    /// </summary>
    /// <remarks>
    /// At most <paramref name="bufferCapacity"/> messages wait for the consumer; beyond that the broker's reader
    /// waits too, so a slow consumer slows its own stream (and, past the server's queue limit, is disconnected by
    /// the server and resumes) instead of growing memory without bound.
    /// </remarks>
    public static async IAsyncEnumerable<ChannelMessage> ReadAllAsync(
        this IChannelBroker broker,
        string channel,
        ChannelSubscribeOptions? options = null,
        int bufferCapacity = 1024,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(broker);
        var buffer = Channel.CreateBounded<ChannelMessage>(new BoundedChannelOptions(bufferCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var subscription = await broker.SubscribeAsync(
            channel,
            (message, ct) => buffer.Writer.WriteAsync(message, ct),
            options,
            cancellationToken).ConfigureAwait(false);
        await using (subscription.ConfigureAwait(false))
        {
            await foreach (var message in buffer.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return message;
            }
        }
    }
}
