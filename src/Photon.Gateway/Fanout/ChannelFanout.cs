using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Photon.Channels;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Fanout;

/// <summary>
/// The gateway's local fan-out: which local subscribers listen to which channels and patterns, one source per
/// channel or pattern however many local subscribers share it, and the dispatch of each arriving message to
/// every local subscriber exactly once and in order.
/// </summary>
/// <remarks>
/// The source of a single channel is its grain: the gateway attaches one observer (this object) to the grain
/// of each channel it carries, and the grain pushes batches to it (<see cref="IChannelObserver"/>). The source
/// of a wildcard (<c>prefix:*</c>, <c>*</c>) is the pattern's Orleans stream, subscribed once per gateway:
/// Orleans delivers a stream subscription's items one subscription at a time, and client subscriptions are only
/// removed lazily, so subscribing per end client would multiply traffic and leak. A message arriving from several
/// sources is dispatched once (<see cref="ChannelFeed"/>); the subscribers each get the same
/// <see cref="ChannelDelivery"/>, so it is encoded once per gateway.
/// <para>A source can also stop delivering without a word: after a silo was killed, the fault runs saw a pulling
/// agent give up on a gateway (<c>StreamEventDeliveryFailureException</c> on its side), and a grain that is
/// reactivated elsewhere has forgotten its observers. So every <see cref="GatewayOptions.StallCheckInterval"/>
/// the gateway renews its attachment to each channel it carries (or reads the head of a channel it carries
/// through a pattern); a channel whose grain had dropped the observer, or that has not reached the head read at
/// the previous check, is repaired from its history, and its pattern streams are subscribed anew.</para>
/// </remarks>
internal sealed partial class ChannelFanout : IAsyncObserver<ChannelEventBatch>, IChannelObserver, IDisposable
{
    private static readonly TimeSpan FeedIdleTime = TimeSpan.FromMinutes(2);

    private readonly IClusterClient _cluster;
    private readonly GatewayOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ChannelFanout> _logger;
    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, PatternEntry> _patterns = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChannelFeed> _feeds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _releasing = new(StringComparer.Ordinal);
    private readonly ITimer _sweeper;
    private readonly ITimer _stallCheck;
    private IChannelObserver? _observer;
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

    /// <summary>This gateway's observer, as channel grains know it.</summary>
    public IChannelObserver Observer
    {
        get
        {
            // Made on first use: a co-hosted silo cannot make references before it has started.
            if (_observer is null)
            {
                Interlocked.CompareExchange(ref _observer, _cluster.CreateObjectReference<IChannelObserver>(this), null);
            }

            return _observer;
        }
    }

    /// <summary>How many live local subscribers listen to <paramref name="pattern"/> (a channel name, <c>prefix:*</c> or <c>*</c>).</summary>
    public int SubscriberCount(string pattern) => _patterns.TryGetValue(pattern, out var entry) ? entry.Subscribers.Count(s => s.IsLive) : 0;

    /// <summary>Each pattern with its local subscribers at this moment: for statistics, never used to dispatch.</summary>
    public IEnumerable<(string Pattern, IReadOnlyList<IChannelSubscriber> Subscribers)> Subscriptions =>
        _patterns.Select(entry => (entry.Key, (IReadOnlyList<IChannelSubscriber>)entry.Value.Subscribers));

    /// <summary>
    /// Adds <paramref name="subscriber"/> to <paramref name="pattern"/>. When this returns, the gateway's source
    /// for the pattern is in place: every message published afterwards reaches the subscriber.
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
                entry.Subscription = ConnectAsync(pattern, _releasing.GetValueOrDefault(pattern.Value));
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
    public Task DeliverAsync(ChannelEventBatch batch) => OnNextAsync(batch);

    /// <inheritdoc />
    public Task OnNextAsync(ChannelEventBatch item, StreamSequenceToken? token = null)
    {
        // A batch still on its way when the last subscriber left must not bring back a feed nothing keeps current.
        if (!IsCovered(item.Channel))
        {
            return Task.CompletedTask;
        }

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
        if (_observer is not null)
        {
            _cluster.DeleteObjectReference<IChannelObserver>(_observer);
        }
    }

    private async Task RepairThenDispatchAsync(ChannelFeed feed, ChannelEventBatch batch)
    {
        ChannelPosition last;
        lock (feed.Gate)
        {
            last = feed.Last;
        }

        Log.RepairingGap(_logger, batch.Channel, last, batch.PositionAt(0));

        await RepairAsync(feed, batch.Channel, batch.PositionAt(0) with { Sequence = batch.FirstSequence - 1 }).ConfigureAwait(false);
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

    /// <summary>
    /// Dispatches what the channel's history holds after the feed's last position up to <paramref name="upTo"/>; from
    /// the start of <paramref name="upTo"/>'s epoch when the channel has restarted since.
    /// </summary>
    private async Task RepairAsync(ChannelFeed feed, string channel, ChannelPosition upTo)
    {
        var grain = _cluster.GetGrain<IChannelGrain>(channel);
        try
        {
            while (true)
            {
                ChannelPosition from;
                lock (feed.Gate)
                {
                    from = feed.Last.Epoch == upTo.Epoch ? feed.Last : upTo with { Sequence = 0 };
                }

                if (from.Sequence >= upTo.Sequence)
                {
                    return;
                }

                var replay = await grain.GetSinceAsync(from, (int)Math.Min(_options.ReplayPageSize, upTo.Sequence - from.Sequence)).ConfigureAwait(false);
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
            // Every channel attached to (its attachment renewed), and every other channel carried through a pattern.
            var attached = _patterns.Values.Where(entry => !entry.Pattern.IsWildcard).Select(entry => entry.Pattern.Value).ToHashSet(StringComparer.Ordinal);
            var checks = attached.Select(channel => CheckForStallAsync(channel, attach: true))
                .Concat(_feeds.Keys.Where(channel => !attached.Contains(channel) && IsCovered(channel)).Select(channel => CheckForStallAsync(channel, attach: false)));
            await Task.WhenAll(checks).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _checkingStalls, 0);
        }
    }

    private async Task CheckForStallAsync(string channel, bool attach)
    {
        try
        {
            var grain = _cluster.GetGrain<IChannelGrain>(channel);
            ChannelPosition head;
            var dropped = false;
            if (attach)
            {
                var attachment = await grain.AttachAsync(Observer).ConfigureAwait(false);
                (head, dropped) = (attachment.Head, !attachment.WasAttached);
            }
            else
            {
                head = await grain.GetHeadAsync().ConfigureAwait(false);
            }

            if (!_feeds.TryGetValue(channel, out var feed))
            {
                return;
            }

            ChannelPosition? repairUpTo = null;
            var stalled = false;
            lock (feed.Gate)
            {
                if (dropped && head.Sequence > 0 && (head.Epoch != feed.Last.Epoch || feed.Last.Sequence < head.Sequence))
                {
                    // The grain had forgotten this gateway (reactivated, or delivery failed): what it stamped meanwhile never came.
                    repairUpTo = head;
                }
                else if (feed.HeadAtLastCheck is { } previous && previous.Epoch == feed.Last.Epoch && feed.Last.Sequence < previous.Sequence)
                {
                    repairUpTo = previous;
                    stalled = true;
                }

                feed.HeadAtLastCheck = head;
            }

            if (repairUpTo is { } target)
            {
                Log.SourceStalled(_logger, channel, target, dropped ? "the grain had dropped this gateway's observer" : $"nothing arrived within {_options.StallCheckInterval}");
                await RepairAsync(feed, channel, target).ConfigureAwait(false);
                if (stalled)
                {
                    await ResubscribeAsync(channel).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.StallCheckFailed(_logger, channel, ex);
        }
    }

    /// <summary>Replaces the pattern stream subscriptions that carry <paramref name="channel"/>: the new one first, so that none is missing meanwhile.</summary>
    private async Task ResubscribeAsync(string channel)
    {
        foreach (var pattern in new[] { ChannelPattern.PrefixPatternOf(channel), ChannelPattern.AllChannels })
        {
            Task<StreamSubscriptionHandle<ChannelEventBatch>?> replaced;
            lock (_gate)
            {
                if (pattern is null || !_patterns.TryGetValue(pattern, out var entry))
                {
                    continue;
                }

                replaced = entry.Subscription;
                entry.Subscription = ConnectAsync(entry.Pattern, after: null);
            }

            try
            {
                if (await replaced.ConfigureAwait(false) is { } handle)
                {
                    await handle.UnsubscribeAsync().ConfigureAwait(false);
                }
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

    /// <summary>
    /// Connects the gateway to <paramref name="pattern"/>'s source once <paramref name="after"/> (the release of a
    /// previous source of the same pattern) is done: attaches to a channel's grain (no handle), or subscribes to a
    /// wildcard's stream.
    /// </summary>
    private async Task<StreamSubscriptionHandle<ChannelEventBatch>?> ConnectAsync(ChannelPattern pattern, Task? after)
    {
        if (after is not null)
        {
            // A detach still on its way would undo this attachment: the grain knows the gateway by one observer.
            await after.ConfigureAwait(false);
        }

        if (!pattern.IsWildcard)
        {
            await _cluster.GetGrain<IChannelGrain>(pattern.Value).AttachAsync(Observer).ConfigureAwait(false);
            Log.Attached(_logger, pattern.Value);
            return null;
        }

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
            var release = ReleaseAsync(entry);
            _releasing[entry.Pattern.Value] = release;
            _ = release.ContinueWith(
                done => _releasing.TryRemove(new KeyValuePair<string, Task>(entry.Pattern.Value, done)),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        ForgetUncoveredFeeds(entry.Pattern);
    }

    private async Task ReleaseAsync(PatternEntry entry)
    {
        try
        {
            if (await entry.Subscription.ConfigureAwait(false) is { } handle)
            {
                await handle.UnsubscribeAsync().ConfigureAwait(false);
                Log.StreamUnsubscribed(_logger, entry.Pattern.Value);
            }
            else
            {
                await _cluster.GetGrain<IChannelGrain>(entry.Pattern.Value).DetachAsync(Observer).ConfigureAwait(false);
                Log.Detached(_logger, entry.Pattern.Value);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Harmless: an attachment lapses by itself, a stream subscription is dropped when delivery fails.
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

        /// <summary>The pattern's stream subscription, or null for a channel: its source is the grain.</summary>
        public Task<StreamSubscriptionHandle<ChannelEventBatch>?> Subscription { get; set; } = null!;
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

        [LoggerMessage(3, LogLevel.Warning, "Releasing the source of {Pattern} failed")]
        public static partial void StreamUnsubscribeFailed(ILogger logger, string pattern, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "A channel stream reported an error")]
        public static partial void StreamError(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Warning, "Channel {Channel} jumped from {From} to {To}: repairing the gap from its history")]
        public static partial void RepairingGap(ILogger logger, string channel, ChannelPosition from, ChannelPosition to);

        [LoggerMessage(6, LogLevel.Error, "Channel {Channel}: messages after {From} are no longer in its history ({Reason}); live subscribers missed them")]
        public static partial void GapNotRepairable(ILogger logger, string channel, ChannelPosition from, string? reason);

        [LoggerMessage(7, LogLevel.Error, "Channel {Channel}: reading its history to repair a gap failed")]
        public static partial void GapRepairFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(8, LogLevel.Warning, "Channel {Channel}: messages up to {Head} did not arrive ({Why}); repairing from its history")]
        public static partial void SourceStalled(ILogger logger, string channel, ChannelPosition head, string why);

        [LoggerMessage(9, LogLevel.Warning, "Channel {Channel}: renewing its attachment or checking its head failed")]
        public static partial void StallCheckFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(10, LogLevel.Debug, "Attached to the grain of {Channel}")]
        public static partial void Attached(ILogger logger, string channel);

        [LoggerMessage(11, LogLevel.Debug, "Detached from the grain of {Channel}")]
        public static partial void Detached(ILogger logger, string channel);
    }
}
