using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Photon.Channels;
using Photon.Channels.Wire;
using Photon.Gateway.Fanout;

namespace Photon.Gateway.Http;

/// <summary>
/// One Server-Sent Events stream: a local subscriber of the fan-out with a bounded queue, and the loop that
/// writes the queue to the response.
/// </summary>
/// <remarks>
/// The fan-out never waits for a connection: <see cref="Deliver"/> queues a reference to the shared frame, and
/// a connection whose queue is full (by count or bytes) is closed as too slow. Until <see cref="GoLive"/>,
/// live messages wait aside while the starting position is settled and missed messages are replayed; from
/// then on anything at or before the last position sent for its channel is dropped, so a subscriber sees
/// each message once, in order, with no gap between replay and live.
/// </remarks>
internal sealed partial class SseConnection : IChannelSubscriber, IDisposable
{
    private readonly HttpContext _context;
    private readonly IReadOnlyList<ChannelPattern> _patterns;
    private readonly GatewayOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<Outbound> _queue;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ChannelPosition> _sent = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelPosition>? _cursor;
    private readonly CancellationTokenSource _closed = new();
    private List<ChannelDelivery>? _waiting = [];
    private long _queuedBytes;
    private string? _closeReason;
    private bool _disposed;

    public SseConnection(HttpContext context, IReadOnlyList<ChannelPattern> patterns, GatewayOptions options, ILogger logger)
    {
        _context = context;
        _patterns = patterns;
        _options = options;
        _logger = logger;
        _cursor = SseCursor.IsSingleChannel(patterns) ? null : new Dictionary<string, ChannelPosition>(StringComparer.Ordinal);
        _queue = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(options.SubscriberQueueMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public bool IsLive => Volatile.Read(ref _waiting) is null;

    /// <summary>Why the gateway closed the stream, if it did.</summary>
    public string? CloseReason => _closeReason;

    public void Deliver(ChannelDelivery delivery)
    {
        lock (_gate)
        {
            if (_waiting is null)
            {
                EnqueueLocked(delivery);
            }
            else if (_waiting.Count < _options.SubscriberQueueMessages)
            {
                _waiting.Add(delivery);
            }
            else
            {
                CloseLocked("slow-consumer");
            }
        }
    }

    /// <summary>Sets where <paramref name="channel"/> starts: only messages after <paramref name="position"/> are sent.</summary>
    public void StartAfter(string channel, ChannelPosition position)
    {
        lock (_gate)
        {
            _sent[channel] = position;
            if (_cursor is not null)
            {
                _cursor[channel] = position;
            }
        }
    }

    /// <summary>Queues a message from the channel's history, ahead of the live messages waiting aside.</summary>
    public void Replay(ChannelDelivery delivery)
    {
        lock (_gate)
        {
            EnqueueLocked(delivery);
        }
    }

    /// <summary>
    /// Queues a <c>refresh_needed</c> event: the history could not cover a resume. It carries the stream's
    /// current id, so a client that reconnects later resumes from here instead of hitting the same gap again.
    /// </summary>
    public void ReportGap(ChannelGap gap)
    {
        lock (_gate)
        {
            var frame = ServerSentEventWriter.Encode(
                Encoding.UTF8.GetBytes(ChannelGap.EventName),
                Encoding.UTF8.GetBytes(CurrentIdLocked()),
                JsonSerializer.SerializeToUtf8Bytes(gap, PhotonJsonContext.Default.ChannelGap));
            if (!_queue.Writer.TryWrite(new Outbound(null, frame)))
            {
                CloseLocked("slow-consumer");
            }
        }
    }

    /// <summary>Ends the replay: the live messages that waited aside are queued, minus those already sent.</summary>
    public void GoLive()
    {
        lock (_gate)
        {
            var waiting = _waiting ?? [];
            _waiting = null;
            foreach (var delivery in waiting)
            {
                EnqueueLocked(delivery);
            }
        }
    }

    /// <summary>The event id that describes where the stream starts, sent before anything else.</summary>
    public string StartId()
    {
        lock (_gate)
        {
            return CurrentIdLocked();
        }
    }

    private string CurrentIdLocked() => _cursor is null
        ? _sent.Values.Single().ToString()
        : SseCursor.Format(_cursor);

    /// <summary>Writes the queue to the response until the client leaves, the gateway stops, or the stream is closed.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_context.RequestAborted, _closed.Token, stopping);
        var output = _context.Response.BodyWriter;
        var reader = _queue.Reader;
        var idle = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        try
        {
            while (true)
            {
                while (reader.TryRead(out var item))
                {
                    Write(output, item);
                }

                await output.FlushAsync(stop.Token).ConfigureAwait(false);

                if (!idle.TryReset())
                {
                    idle.Dispose();
                    idle = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                }

                idle.CancelAfter(_options.KeepAliveInterval);
                try
                {
                    if (!await reader.WaitToReadAsync(idle.Token).ConfigureAwait(false))
                    {
                        break;
                    }
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    output.Write(ServerSentEventWriter.KeepAlive);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left, the gateway is stopping, or the stream was closed: all end the loop.
        }
        finally
        {
            idle.Dispose();
        }

        if (_closeReason is { } reason)
        {
            Log.Closed(_logger, string.Join(',', _patterns), reason);
            _context.Abort();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            // A dispatch that read the subscriber list before this connection left may still deliver; it must not cancel a disposed source.
            _disposed = true;
        }

        _closed.Dispose();
    }

    private void Write(IBufferWriter<byte> output, Outbound item)
    {
        if (item.Delivery is not { } delivery)
        {
            output.Write(item.Notice);
            return;
        }

        if (_cursor is null)
        {
            output.Write(delivery.SseFrame.Span);
        }
        else
        {
            lock (_gate)
            {
                RememberInCursorLocked(delivery.Channel, delivery.Position);
                ServerSentEventWriter.WriteId(output, Encoding.UTF8.GetBytes(SseCursor.Format(_cursor)));
            }

            output.Write(delivery.SseData.Span);
        }

        Interlocked.Add(ref _queuedBytes, -delivery.SseFrame.Length);
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

    private void EnqueueLocked(ChannelDelivery delivery)
    {
        if (_closeReason is not null)
        {
            return;
        }

        if (_sent.TryGetValue(delivery.Channel, out var last)
            && last.Epoch == delivery.Position.Epoch
            && delivery.Position.Sequence <= last.Sequence)
        {
            return;
        }

        var size = delivery.SseFrame.Length;
        if (Interlocked.Add(ref _queuedBytes, size) > _options.SubscriberQueueBytes
            || !_queue.Writer.TryWrite(new Outbound(delivery, null)))
        {
            CloseLocked("slow-consumer");
            return;
        }

        _sent[delivery.Channel] = delivery.Position;
    }

    private void CloseLocked(string reason)
    {
        if (_closeReason is not null || _disposed)
        {
            return;
        }

        _closeReason = reason;
        _queue.Writer.TryComplete();

        // Asynchronously: the writer loop's continuations must not run on the fan-out's thread inside this lock.
        _ = _closed.CancelAsync();
    }

    private readonly record struct Outbound(ChannelDelivery? Delivery, byte[]? Notice);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Closed the event stream of {Channels}: {Reason}")]
        public static partial void Closed(ILogger logger, string channels, string reason);
    }
}
