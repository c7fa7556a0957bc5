using System.Buffers;
using System.Text;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Wire;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Fanout;

namespace Photon.Gateway.Http;

/// <summary>
/// One Server-Sent Events stream: a queued subscriber of the fan-out (see <see cref="QueuedSubscriber"/>) and
/// the loop that writes its queue to the response. It starts with every channel held until
/// <see cref="QueuedSubscriber.Release"/>, after the starting positions are settled and the replay queued.
/// </summary>
internal sealed partial class SseConnection : QueuedSubscriber
{
    private static readonly byte[] KeepAliveFrame = ServerSentEventWriter.KeepAlive.ToArray();

    /// <summary>How long a flushed notice gets to reach the socket before the connection is closed.</summary>
    private static readonly TimeSpan NoticeDrainTime = TimeSpan.FromMilliseconds(100);

    private readonly HttpContext _context;
    private readonly IReadOnlyList<ChannelPattern> _patterns;
    private readonly GatewayOptions _options;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ChannelPosition> _started = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelPosition>? _cursor;
    private bool _deliveredSinceKeepAlive;

    public SseConnection(HttpContext context, IReadOnlyList<ChannelPattern> patterns, GatewayOptions options, GatewayMetrics metrics, ILogger logger)
        : base(options.SubscriberQueueMessages, options.SubscriberQueueBytes, holdAll: true)
    {
        _context = context;
        _patterns = patterns;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _cursor = SseCursor.IsSingleChannel(patterns) ? null : new Dictionary<string, ChannelPosition>(StringComparer.Ordinal);
    }

    /// <summary>
    /// Queues a <c>refresh_needed</c> event: the history could not cover a resume. It carries the stream's
    /// current id, so a client that reconnects later resumes from here instead of hitting the same gap again.
    /// </summary>
    public void ReportGap(ChannelGap gap)
    {
        string id;
        lock (Gate)
        {
            id = CurrentIdLocked();
        }

        EnqueueFrame(ServerSentEventWriter.Encode(
            Encoding.UTF8.GetBytes(ChannelGap.EventName),
            Encoding.UTF8.GetBytes(id),
            JsonSerializer.SerializeToUtf8Bytes(gap, PhotonJsonContext.Wire.ChannelGap)));
    }

    /// <summary>The event id that describes where the stream starts, sent before anything else.</summary>
    public string StartId()
    {
        lock (Gate)
        {
            return CurrentIdLocked();
        }
    }

    /// <summary>
    /// Writes the queue to the response until the client leaves, the gateway stops, or the stream overflows. The
    /// last two end the stream with an <c>event: disconnect</c> saying why; on shutdown the queue is written out
    /// first and <c>retry:</c> asks browsers to come back after the configured delay. The connection then closes
    /// without ending the response, which every client takes as a reason to reconnect (browsers and the C#
    /// HttpBroker with <c>Last-Event-ID</c>; the TypeScript HttpBroker reopens only a stream that failed).
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        // Flushes are not cancelled: Kestrel resets a connection whose write is cancelled, dropping what it had
        // not sent. Only a connection still stuck a while after it overflowed (its client does not read) is cut.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_context.RequestAborted, stopping);
        using var cut = Closed.Register(_context.Abort);

        // One periodic timer for the connection's life, not one rearmed per wake-up: a busy stream wakes per message.
        using var keepAlive = TimeProvider.System.CreateTimer(
            static state => ((SseConnection)state!).KeepAliveIfIdle(), this, _options.KeepAliveInterval, _options.KeepAliveInterval);
        var output = _context.Response.BodyWriter;
        var tally = default(DeliveryTally);
        try
        {
            while (true)
            {
                while (!HasOverflowed && Queue.TryRead(out var item))
                {
                    Write(output, item);
                    Written(item);
                    tally.Add(item.Delivery, item.Replayed);
                    if (item.Delivery is not null)
                    {
                        Volatile.Write(ref _deliveredSinceKeepAlive, true);
                    }
                }

                await output.FlushAsync(_context.RequestAborted).ConfigureAwait(false);
                _metrics.Delivered(TransportTag.Sse, ref tally);
                if (HasOverflowed || stop.IsCancellationRequested || !await Queue.WaitToReadAsync(stop.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the gateway is stopping.
        }

        var overflow = Overflow;
        if (overflow is not null)
        {
            Log.Overflowed(_logger, string.Join(',', _patterns));
            _metrics.SlowConsumerDisconnected(TransportTag.Sse);
            _metrics.Dropped(TransportTag.Sse, "slow_consumer", Queue.Count);
        }

        if (_context.RequestAborted.IsCancellationRequested || (overflow is null && !stopping.IsCancellationRequested))
        {
            return;
        }

        if (overflow is null)
        {
            // Shutting down: what is queued still goes out, then the hint to come back.
            while (Queue.TryRead(out var item))
            {
                Write(output, item);
                Written(item);
            }

            ServerSentEventWriter.WriteRetry(output, _options.ClientRetryDelay);
        }

        // Then the connection closes without the response's end: the TypeScript HttpBroker reopens a stream only
        // after an error, so a clean end would leave it subscribed to nothing for good (browsers and the C# broker
        // reconnect either way). Closing drops what Kestrel's transport has not sent yet, so the notice gets a
        // moment to leave first; a client that does not even take the notice is cut off at once.
        if (await WriteNoticeAsync(output, NoticeFrame(overflow ?? ChannelDisconnect.Shutdown)).ConfigureAwait(false))
        {
            await Task.Delay(NoticeDrainTime, CancellationToken.None).ConfigureAwait(false);
        }

        _context.Abort();
    }

    protected override int FrameSize(ChannelDelivery delivery) => delivery.SseFrame.Length;

    /// <summary>Queues a keep-alive comment unless a message went out since the last tick, so idle proxies keep the stream open.</summary>
    private void KeepAliveIfIdle()
    {
        if (!Interlocked.Exchange(ref _deliveredSinceKeepAlive, false))
        {
            EnqueueFrame(KeepAliveFrame);
        }
    }

    protected override void OnStartAfterLocked(string channel, ChannelPosition position)
    {
        _started[channel] = position;
        if (_cursor is not null)
        {
            _cursor[channel] = position;
        }
    }

    private static byte[] NoticeFrame(ChannelDisconnect notice) => ServerSentEventWriter.Encode(
        Encoding.UTF8.GetBytes(ChannelDisconnect.EventName),
        default,
        JsonSerializer.SerializeToUtf8Bytes(notice, PhotonJsonContext.Wire.ChannelDisconnect));

    private string CurrentIdLocked() => _cursor is null
        ? _started.Values.Single().ToString()
        : SseCursor.Format(_cursor);

    private void Write(IBufferWriter<byte> output, Outbound item)
    {
        if (item.Delivery is not { } delivery)
        {
            output.Write(item.Frame);
            return;
        }

        if (_cursor is null)
        {
            output.Write(delivery.SseFrame.Span);
            return;
        }

        lock (Gate)
        {
            RememberInCursorLocked(delivery.Channel, delivery.Position);
            ServerSentEventWriter.WriteId(output, Encoding.UTF8.GetBytes(SseCursor.Format(_cursor)));
        }

        output.Write(delivery.SseData.Span);
    }

    private void RememberInCursorLocked(string channel, ChannelPosition position)
    {
        if (!_cursor!.ContainsKey(channel) && _cursor.Count >= SseCursor.MaxChannels)
        {
            // Drop a channel that only a wildcard brought in; the channels asked for by name always stay.
            var evicted = _cursor.Keys.FirstOrDefault(c => !_patterns.Contains(ChannelPattern.Parse(c)));
            if (evicted is not null)
            {
                _cursor.Remove(evicted);
            }
        }

        _cursor[channel] = position;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Closed the event stream of {Channels}: its queue overflowed (slow consumer)")]
        public static partial void Overflowed(ILogger logger, string channels);
    }
}
