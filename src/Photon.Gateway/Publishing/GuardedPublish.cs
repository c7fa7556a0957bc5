using Photon.Channels.Wire;

namespace Photon.Gateway.Publishing;

/// <summary>
/// Runs one publish for an HTTP request and turns the mesh's failures into refusals: a payload the grain refuses
/// (<see cref="ArgumentException"/>) is the client's error; a mesh that does not answer is <c>unavailable</c>, and
/// logged. Batches use it per message, so one failure does not end the others.
/// </summary>
internal static partial class GuardedPublish
{
    public static async ValueTask<PublishOutcome> RunAsync(Func<ValueTask<PublishOutcome>> publish, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(publish);
        try
        {
            return await publish().ConfigureAwait(false);
        }
        catch (ArgumentException ex)
        {
            return PublishOutcome.Refused(WireError.InvalidMessage(ex.Message));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
        {
            PublishFailed(logger, ex);
            return PublishOutcome.Refused(WireError.Unavailable(ex.GetType().Name));
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Publishing failed: the channel mesh did not answer")]
    private static partial void PublishFailed(ILogger logger, Exception exception);
}
