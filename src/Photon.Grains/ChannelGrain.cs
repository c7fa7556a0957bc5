using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;
using Orleans.Streams;
using Photon.Channels;
using Photon.Grains.Contracts;
using Photon.Grains.Delivery;
using Photon.Grains.History;

namespace Photon.Grains;

/// <summary>
/// One channel: stamps, remembers and fans out its messages. See <see cref="IChannelGrain"/>.
/// </summary>
/// <remarks>
/// Publishing never awaits delivery. A non-reentrant grain that awaited a stream write per publish slowed down
/// quadratically with its queue (measured: 1,000 concurrent publishes 126 ms, 20,000: 19 s), so a publish
/// only stamps the message and appends it to an outbox; one flush loop at a time drains the outbox to the
/// streams in batches. The loop runs as a task on the grain's scheduler, not as a request, so publishes keep
/// being served while it awaits the stream; everything that arrives during one write goes out in the next
/// batch, which makes batches grow with load and stay single messages when idle.
/// <para>With an <see cref="IChannelStore"/> (Redis), each batch is saved before it goes to the streams and a
/// publish returns once its batch is saved (group commit): the grain is reentrant so that publishes keep being
/// stamped while earlier ones wait, and no method awaits between reading and changing the state. A channel
/// then keeps its epoch, sequence and history when its silo dies.</para>
/// </remarks>
[Reentrant]
internal sealed partial class ChannelGrain(IOptions<ChannelGrainOptions> options, TimeProvider time, ILogger<ChannelGrain> logger, IServiceProvider services)
    : Grain, IChannelGrain
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly ChannelGrainOptions _options = options.Value;
    private readonly IChannelStore? _store = services.GetService<IChannelStore>();
    private readonly List<byte[]> _outbox = [];
    private readonly List<TaskCompletionSource> _saved = [];
    private ChannelHistory _history = null!;
    private AttachedObservers _observers = null!;
    private IAsyncStream<ChannelEventBatch>[] _streams = [];
    private string _channel = null!;
    private string? _invalidName;
    private long _epoch;
    private long _sequence;
    private long _outboxFirstSequence = 1;
    private Task _flush = Task.CompletedTask;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _channel = this.GetPrimaryKeyString();
        _invalidName = ChannelName.Validate(_channel);
        _epoch = NewEpoch();
        _history = new ChannelHistory(_options.HistoryMaxCount, _options.HistoryMaxAge, _options.HistoryMaxBytes, time);
        _observers = new AttachedObservers(_channel, time, _options.ObserverLeaseTime, _options.MaxObserverBacklog, _options.MaxBatchBytes, logger);
        if (_invalidName is null)
        {
            var provider = this.GetStreamProvider(ChannelStreams.ProviderName);
            _streams = [.. ChannelStreams.PublishedTo(_channel).Select(provider.GetStream<ChannelEventBatch>)];
            if (_store is not null && await _store.LoadAsync(_channel, _options.HistoryMaxCount).ConfigureAwait(true) is { } saved)
            {
                // The same epoch goes on: the sequence and the history survived the previous activation.
                _epoch = saved.Epoch;
                _sequence = saved.Sequence;
                _history.Restore(saved.Sequence, saved.Payloads);
                RestoreIdempotencyKeys(saved.IdempotencyKeys);
                _outboxFirstSequence = _sequence + 1;
            }

            StartStatistics();
        }

        Log.Activated(logger, _channel, _epoch);
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        // Deliver what is stamped before the activation goes; its history goes with it, hence a new epoch next time.
        await _flush.WaitAsync(cancellationToken).ConfigureAwait(true);
        await _observers.DrainAsync().WaitAsync(cancellationToken).ConfigureAwait(true);
        Log.Deactivated(logger, _channel, _epoch, _sequence, reason.Description);
    }

    public async ValueTask<ChannelPosition> PublishAsync(byte[] payload)
    {
        var (position, stored) = Stamp(payload, idempotencyKey: null, fingerprint: 0);
        await stored.ConfigureAwait(true);
        return position;
    }

    /// <summary>
    /// Stamps a message into the history and the outbox and starts the flush loop if it is idle; the task
    /// completes once the message is stored (at once without a store). Synchronous, so stamps never interleave.
    /// </summary>
    /// <remarks>
    /// An idempotency key is remembered before the flush starts: the flush takes the keys of the batch it saves,
    /// and a key added after it began would be saved only with a later batch, or never if the silo dies first.
    /// </remarks>
    private (ChannelPosition Position, Task Stored) Stamp(byte[] payload, string? idempotencyKey, long fingerprint)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (_invalidName is not null)
        {
            throw new ArgumentException(_invalidName, nameof(payload));
        }

        if (payload.Length == 0 || payload.Length > _options.MaxMessageBytes)
        {
            throw new ArgumentException($"message must be 1 to {_options.MaxMessageBytes} bytes (got {payload.Length})", nameof(payload));
        }

        _sequence++;
        _history.Append(payload);
        if (_outbox.Count == 0)
        {
            _outboxFirstSequence = _sequence;
        }

        _outbox.Add(payload);
        var position = new ChannelPosition(_epoch, _sequence);
        var stored = Task.CompletedTask;
        if (_store is not null)
        {
            var saved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _saved.Add(saved);
            stored = saved.Task;
        }

        if (idempotencyKey is not null)
        {
            RememberIdempotencyKey(idempotencyKey, fingerprint, position, stored);
        }

        if (_flush.IsCompleted)
        {
            _flush = FlushAsync();
        }

        return (position, stored);
    }

    public ValueTask<ChannelReplay> GetSinceAsync(ChannelPosition after, int maxCount)
    {
        maxCount = Math.Clamp(maxCount, 0, 10_000);
        var head = new ChannelPosition(_epoch, _sequence);
        var gap = after.Epoch != _epoch ? ChannelGap.EpochChangedReason
            : after.Sequence > _sequence || after.Sequence < 0 ? ChannelGap.UnknownIdReason
            : null;
        var payloads = gap is null ? _history.ReadAfter(after.Sequence, maxCount) : null;
        if (payloads is null)
        {
            // A gap: say so, and hand over everything still held so the subscriber loses no more than it must.
            gap ??= ChannelGap.ExpiredReason;
            var first = _history.FirstSequence;
            return ValueTask.FromResult(new ChannelReplay(head, new ChannelEventBatch(_channel, _epoch, first, _history.ReadAfter(first - 1, maxCount)!), gap));
        }

        return ValueTask.FromResult(new ChannelReplay(head, new ChannelEventBatch(_channel, _epoch, after.Sequence + 1, payloads), null));
    }

    public ValueTask<ChannelPosition> GetHeadAsync() => ValueTask.FromResult(new ChannelPosition(_epoch, _sequence));

    public ValueTask<ChannelAttachment> AttachAsync(IChannelObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var wasAttached = _invalidName is null && _observers.Attach(observer);
        return ValueTask.FromResult(new ChannelAttachment(new ChannelPosition(_epoch, _sequence), wasAttached));
    }

    public ValueTask DetachAsync(IChannelObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Detach(observer);
        return ValueTask.CompletedTask;
    }

    private async Task FlushAsync()
    {
        var failures = 0;
        while (_outbox.Count > 0)
        {
            var (batch, saved) = TakeBatch();
            var keys = IdempotencyKeysUpTo(batch.Last.Sequence);
            var pushed = false;
            while (true)
            {
                try
                {
                    if (_store is not null && saved.Count > 0)
                    {
                        await _store.AppendAsync(_channel, _epoch, batch.FirstSequence, batch.Payloads, _options.HistoryMaxCount, keys).ConfigureAwait(true);
                        foreach (var publish in saved)
                        {
                            publish.TrySetResult();
                        }

                        saved = [];
                    }

                    if (!pushed)
                    {
                        _observers.Push(batch);
                        pushed = true;
                    }

                    await Task.WhenAll(_streams.Select(stream => stream.OnNextAsync(batch))).ConfigureAwait(true);
                    failures = 0;
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Keep order: retry this batch before any later one. Subscribers that miss it meanwhile
                    // repair the gap from the history, which already holds these messages.
                    failures++;
                    Log.StreamWriteFailed(logger, _channel, batch.FirstSequence, batch.Count, failures, ex);
                    var delay = TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 50 * Math.Pow(2, failures)));
                    await Task.Delay(delay, time).ConfigureAwait(true);
                }
            }
        }
    }

    private (ChannelEventBatch Batch, List<TaskCompletionSource> Saved) TakeBatch()
    {
        var count = 0;
        var bytes = 0L;
        while (count < _outbox.Count && count < _options.MaxBatchCount
               && (count == 0 || bytes + _outbox[count].Length <= _options.MaxBatchBytes))
        {
            bytes += _outbox[count].Length;
            count++;
        }

        var batch = new ChannelEventBatch(_channel, _epoch, _outboxFirstSequence, [.. _outbox.GetRange(0, count)]);
        _outbox.RemoveRange(0, count);
        _outboxFirstSequence += count;
        var saved = _saved.Count == 0 ? [] : _saved.GetRange(0, count);
        _saved.RemoveRange(0, saved.Count);
        return (batch, saved);
    }

    // 40 random bits: distinct across restarts of the same channel, and small enough for a JavaScript number.
    private static long NewEpoch() => Random.Shared.NextInt64(1, 1L << 40);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Channel {Channel} activated with epoch {Epoch:x}")]
        public static partial void Activated(ILogger logger, string channel, long epoch);

        [LoggerMessage(2, LogLevel.Debug, "Channel {Channel} (epoch {Epoch:x}) deactivated at sequence {Sequence}: {Reason}")]
        public static partial void Deactivated(ILogger logger, string channel, long epoch, long sequence, string reason);

        [LoggerMessage(3, LogLevel.Warning, "Channel {Channel}: writing {Count} messages from sequence {Sequence} to its streams failed ({Failures} in a row); retrying")]
        public static partial void StreamWriteFailed(ILogger logger, string channel, long sequence, int count, int failures, Exception exception);
    }
}
