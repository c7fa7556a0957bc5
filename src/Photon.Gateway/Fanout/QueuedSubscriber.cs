using System.IO.Pipelines;
using System.Threading.Channels;
using Photon.Channels;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Fanout;

/// <summary>
/// A local subscriber with a bounded outgoing queue: the part every transport's connection shares. The
/// transport drains <see cref="Queue"/> to its client; this class decides what goes in.
/// </summary>
/// <remarks>
/// <para>The fan-out never waits for a connection: <see cref="Deliver"/> queues a reference to the shared
/// frame, and a connection whose queue is full (by count or bytes) is closed as too slow: it stops writing
/// what it holds (its client resumes from history), so a stuck client costs the gateway at most its bounds.</para>
/// <para>While a channel is held (the connection is settling where it starts and replaying what it missed),
/// live messages wait aside; when it is released they follow the replay. Anything at or before the last
/// position queued for its channel is dropped, so a client sees each message once, in order, with no gap
/// between replay and live, even when several of its patterns match one channel.</para>
/// </remarks>
internal abstract class QueuedSubscriber : IChannelSubscriber, IDisposable
{
    /// <summary>
    /// How long an overflowing connection's writer may take to notice, and then to write its last notice,
    /// before the connection is cut. Generous: under load a healthy writer can be late, and the queue bounds
    /// already cap what the connection costs meanwhile.
    /// </summary>
    private static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(5);

    private readonly Channel<Outbound> _queue;
    private readonly Dictionary<string, ChannelPosition> _queuedUpTo = new(StringComparer.Ordinal);
    private readonly List<ChannelDelivery> _waiting = [];
    private readonly HashSet<string> _heldChannels = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _closed = new();
    private readonly int _maxMessages;
    private readonly long _maxBytes;
    private bool _holdAll;
    private long _queuedBytes;
    private bool _overflowed;
    private TaskCompletionSource? _roomWaiter;
    private bool _completed;
    private bool _disposed;

    protected QueuedSubscriber(int maxMessages, long maxBytes, bool holdAll)
    {
        _maxMessages = maxMessages;
        _maxBytes = maxBytes;
        _holdAll = holdAll;
        _queue = Channel.CreateBounded<Outbound>(new BoundedChannelOptions(maxMessages)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public bool IsLive
    {
        get
        {
            lock (Gate)
            {
                return !_holdAll;
            }
        }
    }

    /// <summary>The notice for the client when its queue overflowed and the gateway closed it; otherwise null.</summary>
    public ChannelDisconnect? Overflow
    {
        get
        {
            lock (Gate)
            {
                return _overflowed ? ChannelDisconnect.SlowConsumer(_maxMessages, _maxBytes) : null;
            }
        }
    }

    /// <summary>Whether the queue overflowed: the transport stops writing what is queued and sends <see cref="Overflow"/> instead.</summary>
    protected bool HasOverflowed => Volatile.Read(ref _overflowed);

    /// <summary>
    /// Cancelled a moment after the connection overflows: a writer blocked on a client that does not read is
    /// cut loose; one that is still moving notices <see cref="HasOverflowed"/> first and says goodbye.
    /// </summary>
    protected CancellationToken Closed => _closed.Token;

    /// <summary>What the transport writes to its client, in order.</summary>
    protected ChannelReader<Outbound> Queue => _queue.Reader;

    /// <summary>Guards the queue state; subclasses may use it for their own per-message state.</summary>
    protected Lock Gate { get; } = new();

    public void Deliver(ChannelDelivery delivery)
    {
        lock (Gate)
        {
            if (!_holdAll && !_heldChannels.Contains(delivery.Channel))
            {
                EnqueueLocked(delivery);
            }
            else if (_waiting.Count < _maxMessages)
            {
                _waiting.Add(delivery);
            }
            else
            {
                OverflowLocked();
            }
        }
    }

    /// <summary>Sets where <paramref name="channel"/> starts: only messages after <paramref name="position"/> are queued.</summary>
    public void StartAfter(string channel, ChannelPosition position)
    {
        lock (Gate)
        {
            _queuedUpTo[channel] = position;
            OnStartAfterLocked(channel, position);
        }
    }

    /// <summary>
    /// Queues what <paramref name="channel"/> holds after <paramref name="from"/>, page by page, ahead of the live
    /// messages held aside. When the history no longer covers <paramref name="from"/>, <paramref name="onGap"/> is
    /// told why first, and what follows is everything the channel still holds.
    /// </summary>
    /// <remarks>
    /// The replay waits for the client to read whenever the queue is half full, so a resume may be longer than
    /// the queue: only live messages can overflow it. The transport must be writing the queue meanwhile.
    /// </remarks>
    /// <returns>The channel's head when the replay was complete.</returns>
    public async Task<ChannelPosition> ReplayAsync(
        IChannelGrain grain, string channel, ChannelPosition from, int pageSize, Action<string> onGap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grain);
        ArgumentNullException.ThrowIfNull(onGap);
        StartAfter(channel, from);
        var head = from;
        await foreach (var replay in grain.ReadHistoryAsync(from, pageSize, cancellationToken).ConfigureAwait(false))
        {
            if (replay.IsGap)
            {
                StartAfter(channel, new ChannelPosition(replay.Head.Epoch, replay.Events.FirstSequence - 1));
                onGap(replay.GapReason!);
            }

            for (var i = 0; i < replay.Events.Count; i++)
            {
                var delivery = new ChannelDelivery(channel, replay.Events.PositionAt(i), replay.Events.Payloads[i]);
                await WaitForRoomAsync(FrameSize(delivery), cancellationToken).ConfigureAwait(false);
                lock (Gate)
                {
                    EnqueueLocked(delivery, replayed: true);
                }
            }

            head = replay.Head;
        }

        return head;
    }

    /// <summary>Queues a frame of the transport's own (a notice, a reply).</summary>
    public void EnqueueFrame(byte[] frame)
    {
        lock (Gate)
        {
            if (!_overflowed && !_completed
                && (Interlocked.Add(ref _queuedBytes, frame.Length) > _maxBytes || !_queue.Writer.TryWrite(new Outbound(null, frame))))
            {
                OverflowLocked();
            }
        }
    }

    /// <summary>Holds live messages of <paramref name="channel"/> aside until <see cref="Release"/>.</summary>
    public void Hold(string channel)
    {
        lock (Gate)
        {
            _heldChannels.Add(channel);
        }
    }

    /// <summary>Queues the held live messages of <paramref name="channel"/> (all channels when null), minus those already queued.</summary>
    public void Release(string? channel = null)
    {
        lock (Gate)
        {
            if (channel is null)
            {
                _holdAll = false;
                _heldChannels.Clear();
            }
            else
            {
                _heldChannels.Remove(channel);
            }

            if (_waiting.Count == 0)
            {
                return;
            }

            var stillHeld = new List<ChannelDelivery>();
            foreach (var delivery in _waiting)
            {
                if (_holdAll || _heldChannels.Contains(delivery.Channel))
                {
                    stillHeld.Add(delivery);
                }
                else
                {
                    EnqueueLocked(delivery);
                }
            }

            _waiting.Clear();
            _waiting.AddRange(stillHeld);
        }
    }

    /// <summary>Lets the queue drain and then end: nothing more is queued, what is queued is still written.</summary>
    public void Complete()
    {
        lock (Gate)
        {
            _completed = true;
            _queue.Writer.TryComplete();
        }
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        lock (Gate)
        {
            // A dispatch that read the subscriber list before this connection left may still deliver; it must not cancel a disposed source.
            _disposed = true;
        }

        _closed.Dispose();
    }

    /// <summary>The bytes a message takes in this transport's queue.</summary>
    protected abstract int FrameSize(ChannelDelivery delivery);

    /// <summary>Whether to leave a message out for this connection (its own publish, for the daemon).</summary>
    protected virtual bool Skips(ChannelDelivery delivery) => false;

    /// <summary>Called under <see cref="Gate"/> when a channel's starting position is set.</summary>
    protected virtual void OnStartAfterLocked(string channel, ChannelPosition position)
    {
    }

    /// <summary>
    /// Writes a connection's last words (why it is closed) and flushes them, giving up after a moment: a client
    /// that stopped reading must not hold the gateway.
    /// </summary>
    /// <returns>Whether the notice was flushed in time.</returns>
    protected static async Task<bool> WriteNoticeAsync(PipeWriter output, ReadOnlyMemory<byte> notice)
    {
        ArgumentNullException.ThrowIfNull(output);
        using var timeout = new CancellationTokenSource(NoticeTimeout);
        try
        {
            var result = await output.WriteAsync(notice, timeout.Token).ConfigureAwait(false);
            return !result.IsCanceled;
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Not read in time, or the client is already gone.
            return false;
        }
    }

    /// <summary>Call after writing <paramref name="item"/> to the client, to free its share of the byte budget.</summary>
    protected void Written(in Outbound item)
    {
        Interlocked.Add(ref _queuedBytes, -(item.Delivery is { } delivery ? FrameSize(delivery) : item.Frame!.Length));
        if (Volatile.Read(ref _roomWaiter) is { } waiter && HasRoomFor(0))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Whether a replayed message of <paramref name="bytes"/> fits in half the queue (always, when it is empty).</summary>
    private bool HasRoomFor(int bytes) =>
        _queue.Reader.Count == 0
        || (_queue.Reader.Count < _maxMessages / 2 && Interlocked.Read(ref _queuedBytes) + bytes <= _maxBytes / 2);

    private async ValueTask WaitForRoomAsync(int bytes, CancellationToken cancellationToken)
    {
        while (!HasRoomFor(bytes) && !HasOverflowed)
        {
            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _roomWaiter, waiter);

            // Checked again after the waiter is visible: the writer may have made room in between.
            if (HasRoomFor(bytes) || HasOverflowed)
            {
                break;
            }

            await waiter.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _roomWaiter, null);
    }

    private void EnqueueLocked(ChannelDelivery delivery, bool replayed = false)
    {
        if (_overflowed || _completed
            || (_queuedUpTo.TryGetValue(delivery.Channel, out var last)
                && last.Epoch == delivery.Position.Epoch
                && delivery.Position.Sequence <= last.Sequence))
        {
            return;
        }

        _queuedUpTo[delivery.Channel] = delivery.Position;
        if (Skips(delivery))
        {
            return;
        }

        if (Interlocked.Add(ref _queuedBytes, FrameSize(delivery)) > _maxBytes
            || !_queue.Writer.TryWrite(new Outbound(delivery, null, replayed)))
        {
            OverflowLocked();
        }
    }

    private void OverflowLocked()
    {
        if (_overflowed || _disposed)
        {
            return;
        }

        Volatile.Write(ref _overflowed, true);
        _queue.Writer.TryComplete();
        _waiting.Clear();
        Volatile.Read(ref _roomWaiter)?.TrySetResult();

        // Later, not now: cancelling a socket write can take the socket down before the notice goes out, and the
        // writer's continuations must not run on the fan-out's thread inside this lock.
        _closed.CancelAfter(NoticeTimeout);
    }

    /// <summary>One item of the queue: a shared message (<paramref name="Replayed"/> from history), or a frame of the transport's own.</summary>
    protected readonly record struct Outbound(ChannelDelivery? Delivery, byte[]? Frame, bool Replayed = false);
}
