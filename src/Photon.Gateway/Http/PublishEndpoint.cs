using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Photon.Channels.Wire;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Publishing;
using Photon.Gateway.Security;

namespace Photon.Gateway.Http;

/// <summary><c>POST /publish</c>: a ChannelMessage in, its receipt (channel and assigned id) out.</summary>
internal static partial class PublishEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context, ChannelPublisher publisher, GatewayMetrics metrics, IOptions<GatewayOptions> options, ILogger<ChannelPublisher> logger)
    {
        var limit = options.Value.MaxMessageBytes;
        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context, limit).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // The client sent its body too slowly or broke it off (Kestrel's limits): it hears why, nothing is logged as a fault.
            metrics.Rejected("http", "bad_request");
            return HttpErrors.Json(new WireError("bad_request", ex.Message), ex.StatusCode);
        }

        if (body is null)
        {
            metrics.Rejected("http", "message_too_large");
            return HttpErrors.TooLarge(limit);
        }

        try
        {
            var outcome = await publisher.PublishAsync(context.Features.GetRequiredFeature<ChannelClient>(), body).ConfigureAwait(false);
            if (outcome.Error is { } error)
            {
                metrics.Rejected("http", error.Code);
                return HttpErrors.Refused(context, error, outcome.RetryAfter);
            }

            metrics.Published("http");
            return Results.Json(outcome.Receipt, PhotonJsonContext.Wire.PublishReceipt);
        }
        catch (ArgumentException ex)
        {
            metrics.Rejected("http", "invalid_message");
            return HttpErrors.BadRequest(WireError.InvalidMessage(ex.Message));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
        {
            Log.PublishFailed(logger, ex);
            return HttpErrors.Unavailable(ex.GetType().Name);
        }
    }

    /// <summary>The body, or <see langword="null"/> when it is longer than <paramref name="limit"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, int limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Let the server stop reading at the limit too, one byte beyond so that we can tell "too large".
            sizeFeature.MaxRequestBodySize = limit + 1L;
        }

        var reader = context.Request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.End);
                    return null;
                }

                if (result.IsCompleted)
                {
                    var body = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    return body;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Publishing failed: the channel mesh did not answer")]
        public static partial void PublishFailed(ILogger logger, Exception exception);
    }
}
