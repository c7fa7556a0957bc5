using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Photon.Channels;
using Photon.Channels.Wire;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Publishing;
using Photon.Gateway.Security;
using Photon.Gateway.Webhooks;

namespace Photon.Gateway.Http;

/// <summary>
/// <c>POST /webhooks/{channel}</c>: a webhook as its sender sends it (GitHub, a CI system, a payment provider) in,
/// published on the channel as <c>{"channel","event","data":&lt;the body&gt;,"timestamp","source"}</c>. A JSON body
/// becomes <c>data</c> byte for byte, any other body a JSON string. The endpoint configured for the channel
/// (<see cref="WebhookRoutes"/>) verifies the signature; its delivery id header (or <c>Idempotency-Key</c>)
/// makes a redelivery publish nothing new and answer with the original receipt, on any gateway of the cluster.
/// </summary>
internal static partial class WebhookEndpoint
{
    private const string Transport = TransportTag.Webhook;

    public static async Task<IResult> HandleAsync(
        string channel,
        HttpContext context,
        WebhookRoutes routes,
        ChannelAccess access,
        ChannelPublisher publisher,
        GatewayMetrics metrics,
        IOptions<GatewayOptions> options,
        TimeProvider time,
        ILogger<WebhookRoutes> logger)
    {
        var limit = options.Value.MaxMessageBytes;
        var route = ChannelName.Validate(channel) is null ? routes.Find(channel) : null;
        if (route is null)
        {
            var error = ChannelName.Validate(channel) is { } invalid ? WireError.InvalidChannel(invalid) : WireError.WebhookNotConfigured(channel);
            return Refuse(context, metrics, logger, "(none)", channel, error);
        }

        byte[]? body;
        try
        {
            body = await RequestBody.ReadAsync(context, limit).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            return Refuse(context, metrics, logger, route.Name, channel, new WireError("bad_request", ex.Message), ex.StatusCode);
        }

        if (body is null)
        {
            return Refuse(context, metrics, logger, route.Name, channel, WireError.MessageTooLarge(limit));
        }

        var client = route.Client;
        if (route.Scheme == WebhookScheme.None)
        {
            client = access.FromAuthorization(context.Request.Headers.Authorization, context.Connection.RemoteIpAddress)!;
            if (client is null)
            {
                metrics.Rejected(Transport, "unauthorized");
                Log.Refused(logger, route.Name, channel, "unauthorized", "no valid bearer token");
                return HttpErrors.Unauthorized();
            }
        }
        else if (WebhookSignature.Verify(route, context.Request.Headers, body, time.GetUtcNow()) is { } badSignature)
        {
            return Refuse(context, metrics, logger, route.Name, channel, badSignature);
        }

        var request = context.Request;
        var eventName = (route.EventHeader is { } eventHeader ? request.Headers[eventHeader].ToString() : null) is { Length: > 0 } fromHeader ? fromHeader
            : request.Query["event"].ToString() is { Length: > 0 } fromQuery ? fromQuery
            : WebhookRoute.DefaultEvent;
        var deliveryId = (route.IdempotencyHeader is { } idHeader ? request.Headers[idHeader].ToString() : null) is { Length: > 0 } fromSender
            ? fromSender
            : request.Headers[IdempotencyKey.HeaderName].ToString();
        if (!IdempotencyKey.TryRead(deliveryId, body, out var key, out var keyError))
        {
            return Refuse(context, metrics, logger, route.Name, channel, keyError);
        }

        if (!ChannelMessageJson.TryCompose(channel, eventName, body, IsJson(request.ContentType), time.GetUtcNow().ToUnixTimeMilliseconds(), route.Source, out var message, out var composeError))
        {
            return Refuse(context, metrics, logger, route.Name, channel, composeError);
        }

        if (message.Length > limit)
        {
            return Refuse(context, metrics, logger, route.Name, channel, WireError.MessageTooLarge(limit));
        }

        var outcome = await GuardedPublish.RunAsync(() => publisher.PublishAsIsAsync(client, channel, message, key), logger).ConfigureAwait(false);
        if (outcome.Receipt is { } receipt)
        {
            Log.Published(logger, route.Name, channel, eventName, receipt.Id, receipt.Duplicate == true);
        }
        else
        {
            Log.Refused(logger, route.Name, channel, outcome.Error!.Code, outcome.Error.Message);
        }

        return PublishEndpoint.Answer(context, outcome, metrics, Transport);
    }

    // application/json and any +json type (application/vnd.github+json) are JSON; form and text bodies become a JSON string.
    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType is { } mediaType
        && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static IResult Refuse(HttpContext context, GatewayMetrics metrics, ILogger logger, string endpoint, string channel, WireError error, int? status = null)
    {
        metrics.Rejected(Transport, error.Code);
        Log.Refused(logger, endpoint, channel, error.Code, error.Message);
        return status is { } explicitStatus ? HttpErrors.Json(error, explicitStatus) : HttpErrors.Refused(context, error);
    }

    private static partial class Log
    {
        // The reason is the answer's own text: it names headers and limits, never the secret or a signature.
        [LoggerMessage(1, LogLevel.Warning, "Webhook endpoint {Endpoint} refused a request for {Channel}: {Code}: {Reason}")]
        public static partial void Refused(ILogger logger, string endpoint, string channel, string code, string reason);

        [LoggerMessage(2, LogLevel.Debug, "Webhook endpoint {Endpoint} published {Event} on {Channel} as {Id} (duplicate: {Duplicate})")]
        public static partial void Published(ILogger logger, string endpoint, string channel, string @event, string id, bool duplicate);
    }
}
