using Microsoft.Extensions.Logging;

namespace Photon.Channels.Internal;

/// <summary>Calls a subscription's handler the way every broker does: one failure is logged and never ends the subscription.</summary>
internal static partial class HandlerInvoker
{
    public static async ValueTask InvokeAsync(ChannelMessageHandler handler, ChannelMessage message, ILogger logger, CancellationToken stopping)
    {
        try
        {
            await handler(message, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            HandlerFailed(logger, message.Channel, ex);
        }
    }

    [LoggerMessage(1, LogLevel.Error, "A handler of {Channel} threw")]
    private static partial void HandlerFailed(ILogger logger, string channel, Exception exception);
}
