using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Photon.Channels;
using Photon.Channels.Wire;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Fanout;
using Photon.Gateway.Security;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Http;

/// <summary>
/// <c>GET /subscribe?channel=NAME[&amp;channel=...]</c>: a Server-Sent Events stream of the channels' messages,
/// resumable with <c>Last-Event-ID</c> (or <c>?lastEventId=</c>).
/// </summary>
internal static partial class SubscribeEndpoint
{
    public static async Task HandleAsync(
        HttpContext context,
        ChannelFanout fanout,
        IGrainFactory grains,
        ConnectionLimiter connections,
        GatewayMetrics metrics,
        IOptions<GatewayOptions> options,
        IHostApplicationLifetime lifetime,
        ILogger<ChannelFanout> logger)
    {
        var settings = options.Value;
        var client = context.Features.GetRequiredFeature<ChannelClient>();
        var refusal = ParsePatterns(context.Request.Query["channel"], settings.MaxSubscriptionsPerConnection, out var patterns)
            ?? Authorize(client, patterns);
        using var slot = refusal is null ? connections.TryOpen(context.Connection.RemoteIpAddress) : null;
        if (refusal is null && slot is null)
        {
            refusal = WireError.TooManyConnections(settings.MaxConnectionsPerClientAddress);
        }

        if (refusal is not null)
        {
            metrics.Rejected(TransportTag.Sse, refusal.Code);
            await HttpErrors.Refused(context, refusal).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        var lastEventId = context.Request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header
            ? header
            : context.Request.Query["lastEventId"].ToString();

        if (lastEventId.Length > 0)
        {
            metrics.Resumed(TransportTag.Sse);
        }

        using var connection = new SseConnection(context, patterns, settings, metrics, logger);
        var registrations = new List<IDisposable>(patterns.Count);
        try
        {
            IReadOnlyDictionary<string, ChannelPosition> resume;
            try
            {
                foreach (var pattern in patterns)
                {
                    registrations.Add(await fanout.SubscribeAsync(pattern, connection, context.RequestAborted).ConfigureAwait(false));
                }

                resume = await SettleStartAsync(connection, patterns, lastEventId, grains).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                Log.SubscribeFailed(logger, ex);
                await HttpErrors.Unavailable(ex.GetType().Name).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            StartStream(context, connection, settings);

            // The stream is written while the replay is queued: a replay longer than the queue waits for the client.
            var writing = connection.RunAsync(lifetime.ApplicationStopping);
            try
            {
                await ReplayAsync(connection, resume, grains, settings.ReplayPageSize, context.RequestAborted).ConfigureAwait(false);
                connection.Release();
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                Log.ReplayFailed(logger, ex);
                context.Abort();
            }

            await writing.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left while the stream was being set up.
        }
        finally
        {
            foreach (var registration in registrations)
            {
                registration.Dispose();
            }
        }
    }

    private static WireError? ParsePatterns(Microsoft.Extensions.Primitives.StringValues values, int max, out List<ChannelPattern> patterns)
    {
        patterns = [];
        if (values.Count == 0)
        {
            return WireError.InvalidChannel("channel is required: /subscribe?channel=<name>, 'prefix:*' or '*'");
        }

        if (values.Count > max)
        {
            return WireError.TooManySubscriptions(max);
        }

        foreach (var value in values)
        {
            if (!ChannelPattern.TryParse(value, out var pattern, out var error))
            {
                return WireError.InvalidChannel(error!);
            }

            if (!patterns.Contains(pattern))
            {
                patterns.Add(pattern);
            }
        }

        return null;
    }

    private static WireError? Authorize(ChannelClient client, List<ChannelPattern> patterns) =>
        patterns.Select(client.CheckSubscribe).FirstOrDefault(refusal => refusal is not null);

    /// <summary>
    /// Decides where each channel starts: after the position the client resumes from, or after the channel's
    /// current head. Every exact channel gets a starting point, so that a client that reconnects before it
    /// has received anything still gets what it missed (its start id was sent first).
    /// </summary>
    /// <returns>The positions to replay from.</returns>
    private static async Task<IReadOnlyDictionary<string, ChannelPosition>> SettleStartAsync(
        SseConnection connection, IReadOnlyList<ChannelPattern> patterns, string lastEventId, IGrainFactory grains)
    {
        var resume = new Dictionary<string, ChannelPosition>(StringComparer.Ordinal);
        var unknownId = lastEventId.Length > 0 && !SseCursor.TryParse(lastEventId, patterns, out resume);
        var heads = patterns
            .Where(p => !p.IsWildcard && !resume.ContainsKey(p.Value))
            .Select(async p => (Channel: p.Value, Head: await grains.GetGrain<IChannelGrain>(p.Value).GetHeadAsync().ConfigureAwait(false)));
        foreach (var (channel, head) in await Task.WhenAll(heads).ConfigureAwait(false))
        {
            connection.StartAfter(channel, head);
        }

        foreach (var (channel, position) in resume)
        {
            connection.StartAfter(channel, position);
        }

        if (unknownId)
        {
            foreach (var pattern in patterns)
            {
                connection.ReportGap(new ChannelGap(pattern.Value, lastEventId, ChannelGap.UnknownIdReason));
            }
        }

        return resume;
    }

    private static void StartStream(HttpContext context, SseConnection connection, GatewayOptions settings)
    {
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        ServerSentEventWriter.WriteRetry(response.BodyWriter, settings.ClientRetryDelay);

        // An id with no data sets the browser's Last-Event-ID without dispatching an event.
        ServerSentEventWriter.WriteId(response.BodyWriter, System.Text.Encoding.UTF8.GetBytes(connection.StartId()));
        response.BodyWriter.Write("\n"u8);
    }

    private static async Task ReplayAsync(
        SseConnection connection, IReadOnlyDictionary<string, ChannelPosition> resume, IGrainFactory grains, int pageSize, CancellationToken cancellationToken)
    {
        foreach (var (channel, from) in resume)
        {
            await connection.ReplayAsync(
                grains.GetGrain<IChannelGrain>(channel),
                channel,
                from,
                pageSize,
                reason => connection.ReportGap(new ChannelGap(channel, from.ToString(), reason)),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Opening an event stream failed: the channel mesh did not answer")]
        public static partial void SubscribeFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Replaying history to an event stream failed: the channel mesh did not answer; the stream is cut so that the client resumes")]
        public static partial void ReplayFailed(ILogger logger, Exception exception);
    }
}
