using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Photon.Channels.Internal;
using Photon.Channels.Wire;
using Photon.Grains.Contracts;

namespace Photon.Channels.Orleans;

/// <summary>
/// One handler's subscription through <see cref="OrleansBroker"/>, fed as the gateway's fan-out is: a single
/// channel by its grain (attached as an <see cref="IChannelObserver"/>, renewed every
/// <see cref="OrleansBrokerOptions.RenewInterval"/>), a pattern by its Orleans stream. Arriving batches go into a
/// bounded queue; one loop puts them in order (see <see cref="ChannelOrdering"/>), repairs gaps from the grain's
/// history and calls the handler one message at a time.
/// </summary>
/// <remarks>
/// Each renewal answers with the channel's head: a channel that is behind it (the grain dropped the observer, was
/// reactivated, or a push was lost) is repaired from the history, so a subscription cannot stall silently.
/// </remarks>
internal sealed partial class OrleansSubscription : IChannelSubscription, IAsyncObserver<ChannelEventBatch>, IChannelObserver
{
    private readonly OrleansBroker _broker;
    private readonly ChannelPattern _pattern;
    private readonly ChannelMessageHandler _handler;
    private readonly ChannelSubscribeOptions? _options;
    private readonly Channel<ChannelEventBatch> _inbox;
    private readonly CancellationTokenSource _stop = new();

    // Each channel's last dispatched position; touched only by the delivery loop (and before it starts).
    private readonly Dictionary<string, ChannelPosition> _last = new(StringComparer.Ordinal);
    private StreamSubscriptionHandle<ChannelEventBatch>? _handle;
    private IChannelObserver? _observer;
    private Task _delivery = Task.CompletedTask;
    private Task _renewal = Task.CompletedTask;
    private int _disposed;

    public OrleansSubscription(OrleansBroker broker, ChannelPattern pattern, ChannelMessageHandler handler, ChannelSubscribeOptions? options)
    {
        _broker = broker;
        _pattern = pattern;
        _handler = handler;
        _options = options;
        _inbox = System.Threading.Channels.Channel.CreateBounded<ChannelEventBatch>(new BoundedChannelOptions(broker.Options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public string Channel => _pattern.Value;

    public bool IsActive => Volatile.Read(ref _disposed) == 0;

    private IGrainFactory Grains => _broker.Options.Cluster;

    /// <summary>Attaches to the grain or subscribes to the stream, then settles where it starts; returns once live messages reach the handler.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Attached or subscribed first, then the start read: whatever is published in between arrives live as well
        // and is dropped as a duplicate, so nothing falls between the two.
        ChannelPosition head = default;
        if (_pattern.IsWildcard)
        {
            var stream = _broker.Options.Cluster.GetStreamProvider(ChannelStreams.ProviderName).GetStream<ChannelEventBatch>(ChannelStreams.For(_pattern));
            _handle = await stream.SubscribeAsync(this).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _observer = _broker.Options.Cluster.CreateObjectReference<IChannelObserver>(this);
            head = (await Grains.GetGrain<IChannelGrain>(_pattern.Value).AttachAsync(_observer).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false)).Head;
        }

        ChannelPosition? resumeAfter = null;
        if (_options?.LastEventId is { Length: > 0 } lastEventId)
        {
            if (!_pattern.IsWildcard && ChannelPosition.TryParse(lastEventId, out var position))
            {
                resumeAfter = position;
            }
            else
            {
                ReportGap(new ChannelGap(_pattern.Value, lastEventId, ChannelGap.UnknownIdReason));
            }
        }

        if (!_pattern.IsWildcard && resumeAfter is null)
        {
            _last[_pattern.Value] = head;
        }

        _delivery = RunDeliveryAsync(resumeAfter);
        if (_observer is not null)
        {
            _renewal = RenewAsync(_observer);
        }
    }

    /// <inheritdoc />
    public Task DeliverAsync(ChannelEventBatch batch) => OnNextAsync(batch);

    public async Task OnNextAsync(ChannelEventBatch item, StreamSequenceToken? token = null)
    {
        try
        {
            await _inbox.Writer.WriteAsync(item, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChannelClosedException or OperationCanceledException or ObjectDisposedException)
        {
            // Disposed meanwhile: nobody is listening any more.
        }
    }

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        Log.StreamError(_broker.Logger, _pattern.Value, ex);
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _broker.Remove(this);
        _inbox.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(_delivery, _renewal).ConfigureAwait(false);
            if (_handle is not null)
            {
                await _handle.UnsubscribeAsync().ConfigureAwait(false);
            }

            if (_observer is not null)
            {
                await Grains.GetGrain<IChannelGrain>(_pattern.Value).DetachAsync(_observer).ConfigureAwait(false);
                _broker.Options.Cluster.DeleteObjectReference<IChannelObserver>(_observer);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or OrleansException or TimeoutException)
        {
            Log.UnsubscribeFailed(_broker.Logger, _pattern.Value, ex);
        }

        _stop.Dispose();
    }

    private async Task RunDeliveryAsync(ChannelPosition? resumeAfter)
    {
        var stopping = _stop.Token;
        try
        {
            if (resumeAfter is { } from)
            {
                _last[_pattern.Value] = from;
                await TryReadHistoryAsync(_pattern.Value, from, stopping).ConfigureAwait(false);
            }

            await foreach (var batch in _inbox.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                // An empty batch is a renewal's head (see RenewAsync): its first position is the one after the head.
                if (ChannelOrdering.Classify(_last.GetValueOrDefault(batch.Channel), batch.PositionAt(0)) == ChannelOrder.AfterGap)
                {
                    var last = _last[batch.Channel];
                    Log.RepairingGap(_broker.Logger, batch.Channel, last, batch.PositionAt(0));
                    await TryReadHistoryAsync(batch.Channel, last, stopping).ConfigureAwait(false);
                    if (ChannelOrdering.Classify(_last[batch.Channel], batch.PositionAt(0)) == ChannelOrder.AfterGap)
                    {
                        // What the history no longer holds is lost: go on from this batch rather than stall.
                        _last[batch.Channel] = batch.PositionAt(0) with { Sequence = batch.FirstSequence - 1 };
                    }
                }

                await DispatchAsync(batch, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// Keeps the observer attached (the grain drops an observer that does not renew within its lease) and hands
    /// each renewal's head to the delivery loop as an empty batch, which repairs a channel that fell behind it.
    /// </summary>
    private async Task RenewAsync(IChannelObserver observer)
    {
        using var timer = new PeriodicTimer(_broker.Options.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                try
                {
                    var attachment = await Grains.GetGrain<IChannelGrain>(_pattern.Value).AttachAsync(observer).ConfigureAwait(false);
                    var head = attachment.Head;
                    await OnNextAsync(new ChannelEventBatch(_pattern.Value, head.Epoch, head.Sequence + 1, [])).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
                {
                    Log.RenewFailed(_broker.Logger, _pattern.Value, ex);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// <see cref="ReadHistoryAsync"/>, but a mesh that does not answer costs only what the history would have
    /// repaired (reported as a gap), never the subscription: live messages keep coming.
    /// </summary>
    private async Task TryReadHistoryAsync(string channel, ChannelPosition after, CancellationToken stopping)
    {
        try
        {
            await ReadHistoryAsync(channel, after, stopping).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
        {
            Log.HistoryReadFailed(_broker.Logger, channel, ex);
            ReportGap(new ChannelGap(channel, after.ToString(), ChannelGap.ExpiredReason));
        }
    }

    /// <summary>Dispatches what the channel's history holds after <paramref name="after"/>, page by page up to its head; reports a gap it cannot cover.</summary>
    private async Task ReadHistoryAsync(string channel, ChannelPosition after, CancellationToken stopping)
    {
        await foreach (var replay in Grains.GetGrain<IChannelGrain>(channel).ReadHistoryAsync(after, _broker.Options.ReplayPageSize, stopping).ConfigureAwait(false))
        {
            if (replay.IsGap)
            {
                ReportGap(new ChannelGap(channel, after.ToString(), replay.GapReason!));
                _last[channel] = new ChannelPosition(replay.Head.Epoch, replay.Events.FirstSequence - 1);
            }

            await DispatchAsync(replay.Events, stopping).ConfigureAwait(false);
        }
    }

    private async Task DispatchAsync(ChannelEventBatch batch, CancellationToken stopping)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            var position = batch.PositionAt(i);
            if (ChannelOrdering.Classify(_last.GetValueOrDefault(batch.Channel), position) == ChannelOrder.Duplicate)
            {
                continue;
            }

            _last[batch.Channel] = position;
            ChannelMessage message;
            try
            {
                message = ChannelMessageJson.Parse(batch.Payloads[i]);
            }
            catch (ChannelMessageFormatException ex)
            {
                // The daemon socket publishes any JSON as it is; what is not a channel message has no handler here.
                Log.MalformedMessage(_broker.Logger, batch.Channel, position, ex.Message);
                continue;
            }

            await HandlerInvoker.InvokeAsync(_handler, message, _broker.Logger, stopping).ConfigureAwait(false);
        }
    }

    private void ReportGap(ChannelGap gap)
    {
        Log.GapReported(_broker.Logger, gap.Channel, gap.LastEventId, gap.Reason);
        _options?.OnGap?.Invoke(gap);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "The stream of {Pattern} reported an error")]
        public static partial void StreamError(ILogger logger, string pattern, Exception exception);

        [LoggerMessage(2, LogLevel.Warning, "Unsubscribing from the stream of {Pattern} failed")]
        public static partial void UnsubscribeFailed(ILogger logger, string pattern, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Channel {Channel} jumped from {From} to {To}: repairing the gap from its history")]
        public static partial void RepairingGap(ILogger logger, string channel, ChannelPosition from, ChannelPosition to);

        [LoggerMessage(4, LogLevel.Warning, "Channel {Channel}: messages after {LastEventId} are no longer in its history ({Reason})")]
        public static partial void GapReported(ILogger logger, string channel, string lastEventId, string reason);

        [LoggerMessage(5, LogLevel.Error, "Channel {Channel}: reading its history failed; what it would have repaired is missed")]
        public static partial void HistoryReadFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(7, LogLevel.Warning, "Channel {Channel}: renewing the attachment to its grain failed; retrying at the next interval")]
        public static partial void RenewFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(6, LogLevel.Warning, "Dropped a message on {Channel} at {Position} that is not a channel message: {Reason}")]
        public static partial void MalformedMessage(ILogger logger, string channel, ChannelPosition position, string reason);
    }
}
