using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Photon.Channels.Internal;
using Photon.Channels.Wire;

namespace Photon.Channels.Daemon;

/// <summary>
/// One connection to one daemon socket, shared by every publish and subscription of a broker that goes
/// there. Replies are matched to requests by id; channel messages go to the subscriptions whose pattern
/// matches, through a dispatch loop so that a handler that publishes never blocks the reading of its reply.
/// </summary>
internal sealed partial class DaemonClientConnection : IAsyncDisposable
{
    // Handlers that fall this far behind slow the socket down (and, past the daemon's queue, get the connection closed and resumed).
    private const int DispatchQueueCapacity = 65_536;

    private readonly string _path;
    private readonly DaemonBrokerOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Dictionary<string, TaskCompletionSource<JsonElement>> _pending = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DaemonChannelSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Channel<(DaemonChannelSubscription Subscription, ChannelMessage Message)> _dispatch =
        Channel.CreateBounded<(DaemonChannelSubscription, ChannelMessage)>(new BoundedChannelOptions(DispatchQueueCapacity) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _dispatching;
    private NetworkStream? _stream;
    private Task? _connecting;
    private bool _reconnecting;
    private long _nextId;

    public DaemonClientConnection(string path, DaemonBrokerOptions options, ILogger logger)
    {
        _path = path;
        _options = options;
        _logger = logger;
        _dispatching = DispatchAsync();
    }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _stream is not null;
            }
        }
    }

    public bool IsStopped => _stop.IsCancellationRequested;

    public async Task EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        Task connecting;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (_stream is not null)
            {
                return;
            }

            // A connect that completed (or failed) is done with; only one that is under way is shared.
            if (_connecting is not { IsCompleted: false })
            {
                _connecting = ConnectAsync();
            }

            connecting = _connecting;
        }

        await connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        var id = NextId("pub");
        var reply = await RequestAsync(id, DaemonProtocol.Publish(id, message), cancellationToken).ConfigureAwait(false);
        return EventIdOf(reply) is { } eventId && ChannelPosition.TryParse(eventId, out var position) ? position : null;
    }

    public async Task<IChannelSubscription> SubscribeAsync(ChannelPattern pattern, ChannelMessageHandler handler, ChannelSubscribeOptions? options, CancellationToken cancellationToken)
    {
        DaemonChannelSubscription subscription;
        Task confirmation;
        DaemonHandler entry;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            if (!_subscriptions.TryGetValue(pattern.Value, out subscription!) || subscription.Failed)
            {
                subscription = new DaemonChannelSubscription(pattern, options?.LastEventId);
                _subscriptions[pattern.Value] = subscription;
                subscription.Confirmation = ConfirmAsync(subscription, cancellationToken);
            }

            entry = new DaemonHandler(this, subscription, handler, options?.OnGap);
            subscription.Add(entry);
            confirmation = subscription.Confirmation;
        }

        try
        {
            await confirmation.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await entry.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return entry;
    }

    /// <summary>Removes a handler; the last one of a pattern unsubscribes it at the daemon.</summary>
    public void Remove(DaemonHandler entry)
    {
        var subscription = entry.Subscription;
        lock (_gate)
        {
            if (!subscription.Remove(entry) || _subscriptions.GetValueOrDefault(subscription.Pattern.Value) != subscription)
            {
                return;
            }

            _subscriptions.Remove(subscription.Pattern.Value);
        }

        _ = UnsubscribeAsync(subscription.Pattern.Value);
    }

    public async ValueTask DisposeAsync()
    {
        NetworkStream? stream;
        lock (_gate)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            stream = _stream;
            _stream = null;
            foreach (var subscription in _subscriptions.Values)
            {
                subscription.Failed = true;
            }
        }

        if (stream is not null)
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }

        _dispatch.Writer.TryComplete();
        await _dispatching.ConfigureAwait(false);
        FailPending(new ChannelBrokerException("the daemon broker was disconnected"));
        _writeLock.Dispose();
        _stop.Dispose();
    }

    private async Task ConnectAsync()
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            timeout.CancelAfter(_options.Timeout);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(_path), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            throw new ChannelBrokerException($"no daemon answers on {_path}: {ex.Message}", ex);
        }

        var stream = new NetworkStream(socket, ownsSocket: true);
        lock (_gate)
        {
            _stream = stream;
        }

        Log.Connected(_logger, _path);
        _ = ReadAsync(stream);
    }

    private async Task ConfirmAsync(DaemonChannelSubscription subscription, CancellationToken cancellationToken)
    {
        await Task.Yield();
        var id = NextId("sub");
        subscription.RequestId = id;
        try
        {
            var reply = await RequestAsync(id, DaemonProtocol.Subscribe(id, subscription.Pattern.Value, subscription.LastEventId), cancellationToken).ConfigureAwait(false);
            if (!subscription.Pattern.IsWildcard && EventIdOf(reply) is { } start)
            {
                subscription.LastEventId ??= start;
            }
        }
        catch (ChannelBrokerException ex) when (ex is DaemonRefusedException)
        {
            subscription.Failed = true;
            throw;
        }
    }

    private async Task<JsonElement> RequestAsync(string id, byte[] line, CancellationToken cancellationToken)
    {
        await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
        var reply = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        NetworkStream? stream;
        lock (_gate)
        {
            _pending[id] = reply;
            stream = _stream;
        }

        try
        {
            if (stream is null)
            {
                throw new ChannelBrokerException($"the connection to {_path} was lost");
            }

            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                throw new ChannelBrokerException($"writing to {_path} failed: {ex.Message}", ex);
            }
            finally
            {
                _writeLock.Release();
            }

            JsonElement answer;
            try
            {
                answer = await reply.Task.WaitAsync(_options.Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException ex)
            {
                throw new ChannelBrokerException($"the daemon on {_path} did not answer within {_options.Timeout}", ex);
            }

            if (answer.GetProperty("type").GetString() == "error")
            {
                throw new DaemonRefusedException($"the daemon on {_path} refused: {(answer.TryGetProperty("error", out var error) ? error.ToString() : "no reason")}");
            }

            return answer;
        }
        finally
        {
            lock (_gate)
            {
                _pending.Remove(id);
            }
        }
    }

    private async Task ReadAsync(NetworkStream stream)
    {
        var reader = PipeReader.Create(stream);
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_stop.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                while (JsonLines.TryReadLine(ref buffer, _options.MaxLineBytes, out var line))
                {
                    if (!JsonLines.IsBlank(line) && !await HandleLineAsync(line.ToArray()).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException or InvalidDataException)
        {
            Log.ConnectionBroken(_logger, _path, ex.Message);
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false);
            OnDisconnected(stream);
        }
    }

    /// <returns>False when the daemon said it is shutting down.</returns>
    private async ValueTask<bool> HandleLineAsync(byte[] line)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(line);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            Log.MalformedLine(_logger, _path, ex.Message);
            return true;
        }

        var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
        var id = root.TryGetProperty("id", out var i) ? i.ToString() : null;
        switch (type)
        {
            case "error" when id == DaemonProtocol.UnknownId && root.TryGetProperty("reason", out var reason):
                // The daemon is about to close the connection (too slow); the reconnect resubscribes from the last ids.
                Log.DisconnectNotice(_logger, _path, reason.ToString(), root.TryGetProperty("error", out var text) ? text.ToString() : string.Empty);
                break;
            case "result" or "error" or "pong" when id is not null:
                lock (_gate)
                {
                    _pending.GetValueOrDefault(id)?.TrySetResult(root);
                }

                break;
            case "channel_message" when root.TryGetProperty("channel", out var channel) && root.TryGetProperty("message", out var message):
                var name = channel.GetString() ?? string.Empty;
                var eventId = root.TryGetProperty("eventId", out var e) ? e.ToString() : null;
                var received = ToMessage(name, message) with { EventId = eventId };
                foreach (var subscription in Matching(name))
                {
                    if (!subscription.Pattern.IsWildcard && eventId is not null)
                    {
                        // Advanced when read, not when handled: a resubscription must not replay what is already queued here.
                        subscription.LastEventId = eventId;
                    }

                    await _dispatch.Writer.WriteAsync((subscription, received), _stop.Token).ConfigureAwait(false);
                }

                break;
            case ChannelGap.EventName:
                var gapChannel = root.TryGetProperty("channel", out var c) ? c.GetString() ?? string.Empty : string.Empty;
                var gapReason = root.TryGetProperty("reason", out var r) ? r.GetString() ?? ChannelGap.UnknownIdReason : ChannelGap.ExpiredReason;
                foreach (var subscription in Matching(gapChannel).Where(s => s.RequestId == id))
                {
                    Log.GapReported(_logger, gapChannel, gapReason);
                    subscription.ReportGap(new ChannelGap(gapChannel, subscription.LastEventId ?? string.Empty, gapReason));
                }

                break;
            case "shutdown":
                Log.DaemonShuttingDown(_logger, _path);
                return false;
        }

        return true;
    }

    private List<DaemonChannelSubscription> Matching(string channel)
    {
        lock (_gate)
        {
            return [.. _subscriptions.Values.Where(s => s.Pattern.Matches(channel) || s.Pattern.Value == channel)];
        }
    }

    private static ChannelMessage ToMessage(string channel, JsonElement message)
    {
        try
        {
            return ChannelMessageJson.FromElement(message);
        }
        catch (ChannelMessageFormatException)
        {
            // The daemon relays messages untouched; one without channel or event still reaches the handler whole.
            return new ChannelMessage { Channel = channel, Event = EventOf(message), Data = message };
        }
    }

    private static string EventOf(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("event", out var name) || name.ValueKind != JsonValueKind.String)
        {
            return EventName.Default;
        }

        try
        {
            return name.GetString()!;
        }
        catch (InvalidOperationException)
        {
            // Not valid Unicode (a lone surrogate escape): the message still reaches the handler.
            return EventName.Default;
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var (subscription, message) in _dispatch.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var handler in subscription.Handlers)
            {
                if (handler.IsActive)
                {
                    await HandlerInvoker.InvokeAsync(handler.Handler, message, _logger, _stop.Token).ConfigureAwait(false);
                }
            }
        }
    }

    private void OnDisconnected(NetworkStream stream)
    {
        bool reconnect;
        lock (_gate)
        {
            if (_stream == stream)
            {
                _stream = null;
            }

            reconnect = !_stop.IsCancellationRequested && !_reconnecting && _subscriptions.Count > 0;
            _reconnecting |= reconnect;
        }

        stream.Dispose();
        FailPending(new ChannelBrokerException($"the connection to {_path} was lost"));
        if (reconnect)
        {
            _ = ReconnectAsync();
        }
    }

    private async Task ReconnectAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            var delay = ReconnectBackoff.Delay(_options.ReconnectDelay, _options.MaxReconnectDelay, failures++);
            Log.Reconnecting(_logger, _path, delay);
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
                await EnsureConnectedAsync(_stop.Token).ConfigureAwait(false);
                DaemonChannelSubscription[] subscriptions;
                lock (_gate)
                {
                    subscriptions = [.. _subscriptions.Values];
                }

                foreach (var subscription in subscriptions)
                {
                    try
                    {
                        subscription.Confirmation = ConfirmAsync(subscription, _stop.Token);
                        await subscription.Confirmation.ConfigureAwait(false);
                    }
                    catch (DaemonRefusedException ex)
                    {
                        Log.ResubscribeRefused(_logger, subscription.Pattern.Value, ex.Message);
                    }
                }

                break;
            }
            catch (Exception ex) when (ex is ChannelBrokerException or OperationCanceledException or ObjectDisposedException)
            {
                if (_stop.IsCancellationRequested)
                {
                    break;
                }

                Log.ReconnectFailed(_logger, _path, ex.Message);
            }
        }

        lock (_gate)
        {
            _reconnecting = false;
        }
    }

    private async Task UnsubscribeAsync(string channel)
    {
        var id = NextId("unsub");
        try
        {
            await RequestAsync(id, DaemonProtocol.Unsubscribe(id, channel), _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ChannelBrokerException or OperationCanceledException or ObjectDisposedException)
        {
            // The connection is gone or going: the subscription went with it.
        }
    }

    private void FailPending(Exception error)
    {
        lock (_gate)
        {
            foreach (var reply in _pending.Values)
            {
                reply.TrySetException(error);
            }
        }
    }

    private string NextId(string kind) => $"{kind}_{Interlocked.Increment(ref _nextId)}";

    private static string? EventIdOf(JsonElement reply) =>
        reply.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("eventId", out var eventId)
            ? eventId.ToString()
            : null;

    /// <summary>The daemon answered with an error: retrying the same request cannot help.</summary>
    private sealed class DaemonRefusedException(string message) : ChannelBrokerException(message);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Connected to the daemon on {Path}")]
        public static partial void Connected(ILogger logger, string path);

        [LoggerMessage(2, LogLevel.Warning, "The connection to the daemon on {Path} broke: {Reason}")]
        public static partial void ConnectionBroken(ILogger logger, string path, string reason);

        [LoggerMessage(3, LogLevel.Debug, "Reconnecting to the daemon on {Path} in {Delay}")]
        public static partial void Reconnecting(ILogger logger, string path, TimeSpan delay);

        [LoggerMessage(4, LogLevel.Debug, "Reconnecting to the daemon on {Path} failed: {Reason}")]
        public static partial void ReconnectFailed(ILogger logger, string path, string reason);

        [LoggerMessage(5, LogLevel.Error, "The daemon refused to resubscribe {Channel}: {Reason}")]
        public static partial void ResubscribeRefused(ILogger logger, string channel, string reason);

        [LoggerMessage(6, LogLevel.Warning, "Ignored a malformed line from the daemon on {Path}: {Reason}")]
        public static partial void MalformedLine(ILogger logger, string path, string reason);

        [LoggerMessage(8, LogLevel.Warning, "The daemon could not resume {Channel} ({Reason}): messages were missed")]
        public static partial void GapReported(ILogger logger, string channel, string reason);

        [LoggerMessage(10, LogLevel.Warning, "The daemon on {Path} is closing the connection ({Reason}): {Message}")]
        public static partial void DisconnectNotice(ILogger logger, string path, string reason, string message);

        [LoggerMessage(9, LogLevel.Information, "The daemon on {Path} is shutting down")]
        public static partial void DaemonShuttingDown(ILogger logger, string path);
    }
}
