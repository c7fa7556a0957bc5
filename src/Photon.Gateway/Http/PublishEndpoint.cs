using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Photon.Channels.Wire;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Publishing;
using Photon.Gateway.Security;

namespace Photon.Gateway.Http;

/// <summary>
/// <c>POST /publish</c>: a ChannelMessage in, its receipt (channel and assigned id) out; or a JSON array of
/// messages in, one result per message out, in order. An <c>Idempotency-Key</c> header makes a retried request
/// publish nothing new and answer with the original receipt.
/// </summary>
internal static class PublishEndpoint
{
    public static async Task<IResult> HandleAsync(
        HttpContext context, ChannelPublisher publisher, GatewayMetrics metrics, IOptions<GatewayOptions> options, ILogger<ChannelPublisher> logger)
    {
        var settings = options.Value;
        byte[]? body;
        try
        {
            body = await RequestBody.ReadAsync(context, Math.Max(settings.MaxMessageBytes, settings.MaxBatchBytes)).ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex)
        {
            // The client sent its body too slowly or broke it off (Kestrel's limits): it hears why, nothing is logged as a fault.
            metrics.Rejected(TransportTag.Http, "bad_request");
            return HttpErrors.Json(new WireError("bad_request", ex.Message), ex.StatusCode);
        }

        var isBatch = body is not null && body.AsSpan().TrimStart(" \t\r\n"u8) is [(byte)'[', ..];
        if (body is null || (!isBatch && body.Length > settings.MaxMessageBytes))
        {
            metrics.Rejected(TransportTag.Http, WireError.MessageTooLargeCode);
            return HttpErrors.TooLarge(body is null && settings.MaxBatchBytes > settings.MaxMessageBytes ? settings.MaxBatchBytes : settings.MaxMessageBytes);
        }

        if (!IdempotencyKey.TryRead(context.Request.Headers[IdempotencyKey.HeaderName], body, out var key, out var keyError))
        {
            metrics.Rejected(TransportTag.Http, keyError.Code);
            return HttpErrors.BadRequest(keyError);
        }

        var client = context.Features.GetRequiredFeature<ChannelClient>();
        if (isBatch)
        {
            return await PublishBatchAsync(context, client, body, key, publisher, metrics, settings, logger).ConfigureAwait(false);
        }

        var outcome = await GuardedPublish.RunAsync(() => publisher.PublishAsync(client, body, idempotencyKey: key), logger).ConfigureAwait(false);
        return Answer(context, outcome, metrics, TransportTag.Http);
    }

    /// <summary>The HTTP answer to one publish: its receipt (marked when it is a duplicate), or its refusal.</summary>
    public static IResult Answer(HttpContext context, PublishOutcome outcome, GatewayMetrics metrics, string transport)
    {
        ArgumentNullException.ThrowIfNull(context);
        Count(outcome, metrics, transport);
        if (outcome.Error is { } error)
        {
            return HttpErrors.Refused(context, error, outcome.RetryAfter);
        }

        if (outcome.Receipt!.Duplicate == true)
        {
            context.Response.Headers[IdempotencyKey.ReplayedHeaderName] = "true";
        }

        return Results.Json(outcome.Receipt, PhotonJsonContext.Wire.PublishReceipt);
    }

    /// <summary>Counts one publish's outcome: refused (by code), published, or answered as a duplicate (nothing stamped).</summary>
    private static void Count(PublishOutcome outcome, GatewayMetrics metrics, string transport)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        if (outcome.Error is { } error)
        {
            metrics.Rejected(transport, error.Code);
        }
        else if (outcome.Receipt!.Duplicate == true)
        {
            metrics.IdempotentReplay(transport);
        }
        else
        {
            metrics.Published(transport);
        }
    }

    /// <summary>
    /// Publishes the elements of a JSON array and answers with an array of the same length, in order: a receipt or
    /// an error object per element. 200 when every element was published, 207 when any was refused. Each channel's
    /// messages are published one at a time in the order they have in the batch; different channels at once.
    /// </summary>
    private static async Task<IResult> PublishBatchAsync(
        HttpContext context,
        ChannelClient client,
        byte[] body,
        IdempotencyKey? key,
        ChannelPublisher publisher,
        GatewayMetrics metrics,
        GatewayOptions settings,
        ILogger logger)
    {
        if (!TrySplit(body, settings.MaxBatchMessages, out var elements, out var error))
        {
            metrics.Rejected(TransportTag.Http, error.Code);
            return HttpErrors.BadRequest(error);
        }

        var outcomes = new PublishOutcome[elements.Count];
        var byChannel = new Dictionary<string, List<(int Index, PreparedMessage Message)>>(StringComparer.Ordinal);
        for (var i = 0; i < elements.Count; i++)
        {
            var element = body.AsSpan(elements[i]);
            if (element.Length > settings.MaxMessageBytes)
            {
                outcomes[i] = PublishOutcome.Refused(WireError.MessageTooLarge(settings.MaxMessageBytes));
            }
            else if (publisher.TryPrepare(client, element, out var message, out outcomes[i]))
            {
                ref var lane = ref CollectionsMarshal.GetValueRefOrAddDefault(byChannel, message.Channel, out _);
                (lane ??= []).Add((i, message));
            }
        }

        await Task.WhenAll(byChannel.Values.Select(async lane =>
        {
            foreach (var (index, message) in lane)
            {
                outcomes[index] = await GuardedPublish.RunAsync(
                    () => new ValueTask<PublishOutcome>(publisher.PublishPreparedAsync(message, key?.ForElement(index, body.AsSpan(elements[index])))), logger).ConfigureAwait(false);
            }
        })).ConfigureAwait(false);

        var output = new ArrayBufferWriter<byte>(64 * elements.Count);
        var refused = 0;
        var retryAfter = TimeSpan.Zero;
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = PhotonJsonContext.Wire.Options.Encoder }))
        {
            writer.WriteStartArray();
            foreach (var outcome in outcomes)
            {
                Count(outcome, metrics, TransportTag.Http);
                if (outcome.Error is { } refusal)
                {
                    refused++;
                    retryAfter = outcome.RetryAfter > retryAfter ? outcome.RetryAfter : retryAfter;
                    JsonSerializer.Serialize(writer, refusal, PhotonJsonContext.Wire.WireError);
                }
                else
                {
                    JsonSerializer.Serialize(writer, outcome.Receipt, PhotonJsonContext.Wire.PublishReceipt);
                }
            }

            writer.WriteEndArray();
        }

        if (retryAfter > TimeSpan.Zero)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        context.Response.StatusCode = refused == 0 ? StatusCodes.Status200OK : StatusCodes.Status207MultiStatus;
        return Results.Bytes(output.WrittenMemory.ToArray(), "application/json");
    }

    /// <summary>The byte ranges of the array's elements; false when the body is not a JSON array of 1 to <paramref name="max"/> elements.</summary>
    private static bool TrySplit(byte[] body, int max, out List<Range> elements, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out WireError? error)
    {
        elements = [];
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            reader.Read();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                elements.Add(start..(int)reader.BytesConsumed);
                if (elements.Count > max)
                {
                    error = WireError.InvalidMessage($"a batch holds at most {max} messages");
                    return false;
                }
            }

            if (reader.Read())
            {
                error = WireError.InvalidJson("unexpected content after the batch");
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = WireError.InvalidJson(ex.Message);
            return false;
        }

        error = elements.Count == 0 ? WireError.InvalidMessage("a batch must hold at least one message") : null;
        return error is null;
    }
}
