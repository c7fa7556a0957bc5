using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Photon.Channels;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Fanout;

/// <summary>
/// The gateway's local fan-out: which local subscribers listen to which channels and patterns, one Orleans
/// stream subscription per pattern however many local subscribers share it, and the dispatch of each arriving
/// message to every local subscriber exactly once and in order.
/// </summary>
/// <remarks>
/// Orleans delivers a stream subscription's items over the wire one subscription at a time, and client
/// subscriptions are only removed lazily, so subscribing per end client would multiply traffic and leak; one
/// per gateway and pattern does neither. A message arriving on several of the gateway's streams is
/// dispatched once (<see cref="ChannelFeed"/>); the subscribers each get the same
/// <see cref="ChannelDelivery"/>, so it is encoded once per gateway.
/// <para>A stream can also stop delivering to this gateway without a word: after a silo was killed, the fault
/// runs saw a pulling agent give up on a gateway (<c>StreamEventDeliveryFailureException</c> on its side)
/// and the gateway's subscribers wait forever. So every <see cref="GatewayOptions.StallCheckInterval"/> each
/// channel's head is read from its grain; a channel that has not reached the head read at the previous check
/// is repaired from its history and its streams are subscribed anew.</para>
/// </remarks>
internal sealed partial class ChannelFanout : IAsyncObserver<ChannelEventBatch>, IDisposable
{
    private static readonly TimeSpan FeedIdleTime = TimeSpan.FromMinutes(2);

    private readonly IClusterClient _cluster;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChannelFanout> _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, PatternEntry> _patterns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChannelFeed> _feeds = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;
    private readonly ITimer _stallCheck;
    private int _checkingStalls;

    public ChannelFanout(IClusterClient cluster, IOptions<GatewayOptions> options, TimeProvider time, ILogger<ChannelFanout> logger)
    {
        _cluster = cluster;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _sweeper = time.CreateTimer(_ => SweepIdleFeeds(), null, FeedIdleTime, FeedIdleTime);
        _stallCheck = time.CreateTimer(_ => _ = CheckForStallsAsync(), null, _options.StallCheckInterval, _options.StallCheckInterval);
    }

    /// <summary>How many live local subscribers listen to <paramref name="pattern"/> (a channel name, <c>prefix:*</c> or <c>*</c>).</summary>
    public int SubscriberCount(string pattern) => _patterns.TryGetValue(pattern, out var entry) ? entry.Subscribers.Count(s => s.IsLive) : 0;

    /// <summary>
    /// Adds <paramref name="subscriber"/> to <paramref name="pattern"/>. When this returns, the gateway's stream
    /// subscription for the pattern is in place: every message published afterwards reaches the subscriber.
    /// Dispose the result to remove it.
    /// </summary>
    public async ValueTask<IDisposable> SubscribeAsync(ChannelPattern pattern, IChannelSubscriber subscriber, CancellationToken cancellationToken)
    {
        PatternEntry entry;
        lock (_gate)
        {
            if (!_patterns.TryGetValue(pattern.Value, out entry!))
            {
                entry = new PatternEntry(pattern);
                entry.Subscription = SubscribeStreamAsync(pattern);
                _patterns[pattern.Value] = entry;
            }

            entry.Subscribers = [.. entry.Subscribers, subscriber];
        }

        var registration = new Registration(this, entry, subscriber);
        try
        {
            await entry.Subscription.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            registration.Dispose();
            throw;
        }

        return registration;
    }

    /// <inheritdoc />
    public Task OnNextAsync(ChannelEventBatch item, StreamSequenceToken? token = null)
    {
        var feed = _feeds.GetOrAdd(item.Channel, static _ => new ChannelFeed());
        lock (feed.Gate)
        {
            feed.LastTouched = _time.GetTimestamp();
            if (item.Count == 0 || feed.Classify(item.PositionAt(0)) != ChannelOrder.AfterGap)
            {
                DispatchLocked(feed, item);
                return Task.CompletedTask;
            }
        }

        return RepairThenDispatchAsync(feed, item);
    }

    /// <inheritdoc />
    public Task OnCompletedAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task OnErrorAsync(Exception ex)
    {
        Log.StreamError(_logger, ex);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        _stallCheck.Dispose();
    }

    private async Task RepairThenDispatchAsync(ChannelFeed feed, ChannelEventBatch batch)
    {
        ChannelPosition last;
        lock (feed.Gate)
        {
            last = feed.Last;
        }

        Log.RepairingGap(_logger, batch.Channel, last, batch.PositionAt(0));

        await RepairAsync(feed, batch.Channel, batch.FirstSequence).ConfigureAwait(false);
        lock (feed.Gate)
        {
            // Whatever could not be repaired is lost to live subscribers; go on from this batch rather than stall.
            if (batch.Count > 0 && feed.Classify(batch.PositionAt(0)) == ChannelOrder.AfterGap)
            {
                feed.Last = batch.PositionAt(0) with { Sequence = batch.FirstSequence - 1 };
            }

            DispatchLocked(feed, batch);
        }
    }

    /// <summary>Dispatches what the channel's history holds after the feed's last position and before sequence <paramref name="before"/>.</summary>
    private async Task RepairAsync(ChannelFeed feed, string channel, long before)
    {
        var grain = _cluster.GetGrain<IChannelGrain>(channel);
        try
        {
            while (true)
            {
                ChannelPosition from;
                lock (feed.Gate)
                {
                    from = feed.Last;
                }

                if (from.Sequence + 1 >= before)
                {
                    return;
                }

                var replay = await grain.GetSinceAsync(from, Math.Min(_options.ReplayPageSize, (int)(before - 1 - from.Sequence))).ConfigureAwait(false);
                if (replay.IsGap || replay.Events.Count == 0)
                {
                    Log.GapNotRepairable(_logger, channel, from, replay.GapReason);
                    return;
                }

                lock (feed.Gate)
                {
                    feed.LastTouched = _time.GetTimestamp();
                    DispatchLocked(feed, replay.Events);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.GapRepairFailed(_logger, channel, ex);
        }
    }

    private async Task CheckForStallsAsync()
    {
        if (Interlocked.Exchange(ref _checkingStalls, 1) == 1)
        {
            return;
        }

        try
        {
            await Task.WhenAll(_feeds.Where(f => IsCovered(f.Key)).Select(f => CheckForStallAsync(f.Key, f.Value))).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _checkingStalls, 0);
        }
    }

    private async Task CheckForStallAsync(string channel, ChannelFeed feed)
    {
        try
        {
            ChannelPosition? stalledBefore;
            lock (feed.Gate)
            {
                stalledBefore = feed.HeadAtLastCheck is { } head && head.Epoch == feed.Last.Epoch && feed.Last.Sequence < head.Sequence ? head : null;
            }

            if (stalledBefore is { } expected)
            {
                Log.StreamStalled(_logger, channel, expected, _options.StallCheckInterval);
                await RepairAsync(feed, channel, expected.Sequence + 1).ConfigureAwait(false);
                await ResubscribeAsync(channel).ConfigureAwait(false);
            }

            var current = await _cluster.GetGrain<IChannelGrain>(channel).GetHeadAsync().ConfigureAwait(false);
            lock (feed.Gate)
            {
                feed.HeadAtLastCheck = current;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.StallCheckFailed(_logger, channel, ex);
        }
    }

    /// <summary>Replaces the stream subscriptions that carry <paramref name="channel"/>: the new one first, so that none is missing meanwhile.</summary>
    private async Task ResubscribeAsync(string channel)
    {
        foreach (var pattern in new[] { channel, ChannelPattern.PrefixPatternOf(channel), ChannelPattern.AllChannels })
        {
            Task<StreamSubscriptionHandle<ChannelEventBatch>> replaced;
            lock (_gate)
            {
                if (pattern is null || !_patterns.TryGetValue(pattern, out var entry))
                {
                    continue;
                }

                replaced = entry.Subscription;
                entry.Subscription = SubscribeStreamAsync(entry.Pattern);
            }

            try
            {
                await (await replaced.ConfigureAwait(false)).UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.StreamUnsubscribeFailed(_logger, pattern!, ex);
            }
        }
    }

    private void DispatchLocked(ChannelFeed feed, ChannelEventBatch batch)
    {
        var channel = batch.Channel;
        _patterns.TryGetValue(channel, out var exact);
        _patterns.TryGetValue(ChannelPattern.AllChannels, out var all);
        var prefix = feed.PrefixPattern(channel) is { } prefixPattern && _patterns.TryGetValue(prefixPattern, out var entry) ? entry : null;
        for (var i = 0; i < batch.Count; i++)
        {
            var position = batch.PositionAt(i);
            if (feed.Classify(position) == ChannelOrder.Duplicate)
            {
                continue;
            }

            feed.Last = position;
            var delivery = new ChannelDelivery(channel, position, batch.Payloads[i]);
            DeliverTo(exact, delivery);
            DeliverTo(prefix, delivery);
            DeliverTo(all, delivery);
        }
    }

    private static void DeliverTo(PatternEntry? entry, ChannelDelivery delivery)
    {
        if (entry is null)
        {
            return;
        }

        foreach (var subscriber in entry.Subscribers)
        {
            subscriber.Deliver(delivery);
        }
    }

    private async Task<StreamSubscriptionHandle<ChannelEventBatch>> SubscribeStreamAsync(ChannelPattern pattern)
    {
        var stream = _cluster.GetStreamProvider(ChannelStreams.ProviderName).GetStream<ChannelEventBatch>(ChannelStreams.For(pattern));
        var handle = await stream.SubscribeAsync(this).ConfigureAwait(false);
        Log.StreamSubscribed(_logger, pattern.Value);
        return handle;
    }

    private void Remove(PatternEntry entry, IChannelSubscriber subscriber)
    {
        lock (_gate)
        {
            entry.Subscribers = [.. entry.Subscribers.Where(s => s != subscriber)];
            if (entry.Subscribers.Length > 0 || !_patterns.TryGetValue(entry.Pattern.Value, out var current) || current != entry)
            {
                return;
            }

            _patterns.TryRemove(entry.Pattern.Value, out _);
        }

        _ = UnsubscribeStreamAsync(entry);
        ForgetUncoveredFeeds(entry.Pattern);
    }

    private async Task UnsubscribeStreamAsync(PatternEntry entry)
    {
        try
        {
            var handle = await entry.Subscription.ConfigureAwait(false);
            await handle.UnsubscribeAsync().ConfigureAwait(false);
            Log.StreamUnsubscribed(_logger, entry.Pattern.Value);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.StreamUnsubscribeFailed(_logger, entry.Pattern.Value, ex);
        }
    }

    // A feed must not outlive the streams that feed it: a later subscription would see the sequence jump and
    // "repair" messages published while nobody here listened.
    private void ForgetUncoveredFeeds(ChannelPattern released)
    {
        if (!released.IsWildcard)
        {
            if (!IsCovered(released.Value))
            {
                _feeds.TryRemove(released.Value, out _);
            }

            return;
        }

        foreach (var channel in _feeds.Keys)
        {
            if (released.Matches(channel) && !IsCovered(channel))
            {
                _feeds.TryRemove(channel, out _);
            }
        }
    }

    private bool IsCovered(string channel) =>
        _patterns.ContainsKey(channel)
        || _patterns.ContainsKey(ChannelPattern.AllChannels)
        || (ChannelPattern.PrefixPatternOf(channel) is { } prefix && _patterns.ContainsKey(prefix));

    private void SweepIdleFeeds()
    {
        foreach (var (channel, feed) in _feeds)
        {
            if (_time.GetElapsedTime(feed.LastTouched) > FeedIdleTime)
            {
                _feeds.TryRemove(new KeyValuePair<string, ChannelFeed>(channel, feed));
            }
        }
    }

    private sealed class PatternEntry(ChannelPattern pattern)
    {
        public ChannelPattern Pattern => pattern;

        public volatile IChannelSubscriber[] Subscribers = [];

        public Task<StreamSubscriptionHandle<ChannelEventBatch>> Subscription { get; set; } = null!;
    }

    private sealed class Registration(ChannelFanout fanout, PatternEntry entry, IChannelSubscriber subscriber) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                fanout.Remove(entry, subscriber);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Subscribed to the stream of {Pattern}")]
        public static partial void StreamSubscribed(ILogger logger, string pattern);

        [LoggerMessage(2, LogLevel.Debug, "Unsubscribed from the stream of {Pattern}")]
        public static partial void StreamUnsubscribed(ILogger logger, string pattern);

        [LoggerMessage(3, LogLevel.Warning, "Unsubscribing from the stream of {Pattern} failed")]
        public static partial void StreamUnsubscribeFailed(ILogger logger, string pattern, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "A channel stream reported an error")]
        public static partial void StreamError(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Channel {Channel} jumped from {From} to {To}: repairing the gap from its history")]
        public static partial void RepairingGap(ILogger logger, string channel, ChannelPosition from, ChannelPosition to);

        [LoggerMessage(6, LogLevel.Error, "Channel {Channel}: messages after {From} are no longer in its history ({Reason}); live subscribers missed them")]
        public static partial void GapNotRepairable(ILogger logger, string channel, ChannelPosition from, string? reason);

        [LoggerMessage(7, LogLevel.Error, "Channel {Channel}: reading its history to repair a gap failed")]
        public static partial void GapRepairFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(8, LogLevel.Warning, "Channel {Channel}: its stream has not delivered up to {Head} within {Interval}; repairing from its history and subscribing anew")]
        public static partial void StreamStalled(ILogger logger, string channel, ChannelPosition head, TimeSpan interval);

        [LoggerMessage(9, LogLevel.Warning, "Channel {Channel}: checking whether its stream is stalled failed")]
        public static partial void StallCheckFailed(ILogger logger, string channel, Exception exception);
    }
}
