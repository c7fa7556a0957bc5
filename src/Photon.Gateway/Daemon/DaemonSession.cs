using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Daemon;
using Photon.Channels.Wire;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Fanout;
using Photon.Gateway.Publishing;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Daemon;

/// <summary>
/// One connection to a daemon socket, speaking the newline-delimited JSON protocol of the reference daemon:
/// <c>subscribe</c> (with <c>lastEventId</c> resume), <c>unsubscribe</c>, <c>publish</c>, <c>ping</c>,
/// <c>get_events_since</c>. Requests are handled one at a time, so replies go out in request order; channel
/// messages go through the same bounded queue (see <see cref="QueuedSubscriber"/>).
/// </summary>
internal sealed partial class DaemonSession(Socket socket, DaemonServices services)
    : QueuedSubscriber(services.Gateway.SubscriberQueueMessages, services.Gateway.SubscriberQueueBytes, holdAll: false)
{
    private const int OwnPublishesRemembered = 4096;

    private readonly Dictionary<string, IDisposable> _subscriptions = new(StringComparer.Ordinal);
    private readonly HashSet<(string Channel, ChannelPosition Position)> _ownPublishes = [];
    private readonly CancellationTokenSource _shutdown = new();

    /// <summary>
    /// Serves the connection until the client leaves, the gateway stops, or the connection overflows. On
    /// <see cref="Shutdown"/> the request in hand is finished and answered, then the client gets the
    /// <c>shutdown</c> notice after everything queued before it.
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping, Closed);
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, _shutdown.Token);
        var stream = new NetworkStream(socket, ownsSocket: true);
        await using (stream.ConfigureAwait(false))
        {
            var writing = WriteAsync(PipeWriter.Create(stream), stop.Token);
            try
            {
                await ReadAsync(PipeReader.Create(stream), stopReading.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // The client left, or the gateway is stopping.
            }
            finally
            {
                foreach (var subscription in _subscriptions.Values)
                {
                    subscription.Dispose();
                }

                _subscriptions.Clear();
                if (_shutdown.IsCancellationRequested)
                {
                    EnqueueFrame(DaemonProtocol.Shutdown);
                }

                Complete();
            }

            await writing.ConfigureAwait(false);
        }
    }

    /// <summary>Tells the client the daemon is stopping, once the request in hand is answered; the queue drains and the connection ends.</summary>
    public void Shutdown()
    {
        try
        {
            _shutdown.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile.
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _shutdown.Dispose();
        }

        base.Dispose(disposing);
    }

    protected override int FrameSize(ChannelDelivery delivery) => delivery.DaemonLine.Length;

    // The reference daemon does not echo a publish back to the connection that sent it.
    protected override bool Skips(ChannelDelivery delivery) => _ownPublishes.Remove((delivery.Channel, delivery.Position));

    private async Task ReadAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        var maxLine = services.Daemon.MaxLineBytes;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            try
            {
                while (JsonLines.TryReadLine(ref buffer, maxLine, out var line))
                {
                    if (!JsonLines.IsBlank(line))
                    {
                        await HandleAsync(line.ToArray(), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            catch (InvalidDataException ex)
            {
                EnqueueFrame(DaemonProtocol.Error(DaemonProtocol.UnknownId, ex.Message));
                Complete();
                return;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return;
            }
        }
    }

    private async Task WriteAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        try
        {
            var tally = default(DeliveryTally);
            while (await Queue.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (!HasOverflowed && Queue.TryRead(out var item))
                {
                    output.Write(Encode(item).Span);
                    Written(item);
                    tally.Add(item.Delivery, item.Replayed);
                }

                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                services.Metrics.Delivered(TransportTag.Socket, ref tally);
                if (HasOverflowed)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
        {
            // The client left or the connection overflowed.
        }

        if (Overflow is { } overflow)
        {
            Log.Overflowed(services.Logger);
            services.Metrics.SlowConsumerDisconnected(TransportTag.Socket);
            services.Metrics.Dropped(TransportTag.Socket, "slow_consumer", Queue.Count);
            await WriteNoticeAsync(output, DaemonProtocol.Disconnect(overflow)).ConfigureAwait(false);
        }

        socket.Shutdown(SocketShutdown.Both);
    }

    private static ReadOnlyMemory<byte> Encode(Outbound item) => item switch
    {
        { Frame: { } frame } => frame,
        { Delivery: { } delivery, Replayed: true } => DaemonProtocol.ChannelMessage(delivery.Channel, delivery.Position, delivery.Payload.Span, replay: true),
        { Delivery: { } delivery } => delivery.DaemonLine,
        _ => ReadOnlyMemory<byte>.Empty,
    };

    private async Task HandleAsync(byte[] line, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            EnqueueFrame(DaemonProtocol.Error(DaemonProtocol.UnknownId, ex.Message));
            return;
        }

        using (document)
        {
            var request = document.RootElement;
            var id = request.ValueKind == JsonValueKind.Object ? TextOf(request, "id") : null;
            var type = request.ValueKind == JsonValueKind.Object ? TextOf(request, "type") : null;
            var channel = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            var reply = id ?? DaemonProtocol.UnknownId;
            try
            {
                switch (type)
                {
                    case "ping":
                        EnqueueFrame(DaemonProtocol.Pong(reply));
                        break;
                    case "subscribe" when channel is not null:
                        await SubscribeAsync(reply, channel, TextOf(request, "lastEventId"), cancellationToken).ConfigureAwait(false);
                        break;
                    case "unsubscribe" when channel is not null:
                        Unsubscribe(reply, channel);
                        break;
                    case "publish" when channel is not null && request.TryGetProperty("message", out var message):
                        await PublishAsync(reply, channel, message).ConfigureAwait(false);
                        break;
                    case "get_events_since" when channel is not null:
                        await GetEventsSinceAsync(reply, channel, TextOf(request, "lastEventId")).ConfigureAwait(false);
                        break;
                    case "subscribe" or "unsubscribe" or "publish" or "get_events_since" or null:
                        EnqueueFrame(DaemonProtocol.Error(reply, "Invalid request format"));
                        break;
                    default:
                        EnqueueFrame(DaemonProtocol.Error(reply, $"Unknown request type: {type}"));
                        break;
                }
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException or ArgumentException)
            {
                EnqueueFrame(DaemonProtocol.Error(reply, ex is ArgumentException ? ex.Message : $"the channel mesh did not answer ({ex.GetType().Name})"));
            }
        }
    }

    private async Task SubscribeAsync(string id, string channel, string? lastEventId, CancellationToken cancellationToken)
    {
        if (!ChannelPattern.TryParse(channel, out var pattern, out var error))
        {
            EnqueueFrame(DaemonProtocol.Error(id, error!));
            return;
        }

        var refusal = services.Client.CheckSubscribe(pattern)
            ?? (_subscriptions.Count >= services.Gateway.MaxSubscriptionsPerConnection && !_subscriptions.ContainsKey(pattern.Value)
                ? WireError.TooManySubscriptions(services.Gateway.MaxSubscriptionsPerConnection)
                : null);
        if (refusal is not null)
        {
            services.Metrics.Rejected(TransportTag.Socket, refusal.Code);
            EnqueueFrame(DaemonProtocol.Error(id, refusal.Message));
            return;
        }

        if (!pattern.IsWildcard)
        {
            Hold(channel);
        }

        try
        {
            if (!_subscriptions.ContainsKey(pattern.Value))
            {
                _subscriptions[pattern.Value] = await services.Fanout.SubscribeAsync(pattern, this, cancellationToken).ConfigureAwait(false);
            }

            ChannelPosition? start = null;
            if (pattern.IsWildcard)
            {
                if (lastEventId is not null)
                {
                    // Positions are per channel; a pattern has none to resume from.
                    EnqueueFrame(DaemonProtocol.RefreshNeeded(id, channel, ChannelGap.UnknownIdReason));
                }
            }
            else
            {
                start = await SettleAsync(id, channel, lastEventId, cancellationToken).ConfigureAwait(false);
            }

            EnqueueFrame(DaemonProtocol.Result(id, data =>
            {
                data.WriteBoolean("subscribed"u8, true);
                data.WriteString("channel"u8, channel);
                if (start is { } position)
                {
                    data.WriteString("eventId"u8, position.ToString());
                }
            }));
        }
        finally
        {
            if (!pattern.IsWildcard)
            {
                Release(channel);
            }
        }
    }

    /// <summary>Sets where a channel starts for this connection and queues what it missed; returns the position it is at.</summary>
    private async Task<ChannelPosition> SettleAsync(string subscribeId, string channel, string? lastEventId, CancellationToken cancellationToken)
    {
        var grain = services.Grains.GetGrain<IChannelGrain>(channel);
        if (lastEventId is null)
        {
            var head = await grain.GetHeadAsync().ConfigureAwait(false);
            StartAfter(channel, head);
            return head;
        }

        services.Metrics.Resumed(TransportTag.Socket);

        var from = ChannelPosition.TryParse(lastEventId, out var parsed) ? parsed : default;
        return await ReplayAsync(
            grain,
            channel,
            from,
            services.Gateway.ReplayPageSize,
            reason => EnqueueFrame(DaemonProtocol.RefreshNeeded(subscribeId, channel, from == default ? ChannelGap.UnknownIdReason : reason)),
            cancellationToken).ConfigureAwait(false);
    }

    private void Unsubscribe(string id, string channel)
    {
        if (_subscriptions.Remove(channel, out var subscription))
        {
            subscription.Dispose();
        }

        EnqueueFrame(DaemonProtocol.Result(id, data =>
        {
            data.WriteBoolean("unsubscribed"u8, true);
            data.WriteString("channel"u8, channel);
        }));
    }

    private async Task PublishAsync(string id, string channel, JsonElement message)
    {
        var json = Encoding.UTF8.GetBytes(message.GetRawText());
        if (json.Length > services.Gateway.MaxMessageBytes)
        {
            EnqueueFrame(DaemonProtocol.Error(id, $"message is larger than {services.Gateway.MaxMessageBytes} bytes"));
            return;
        }

        // The grain pushes the message to this gateway as soon as it is stamped, which can be before the publish
        // returns its position: hold the channel's deliveries to this connection until the position is known, so
        // that its own message is recognised and not echoed back. Requests of one connection run one at a time,
        // so no other hold of this channel is in progress.
        Hold(channel);
        PublishOutcome outcome;
        try
        {
            outcome = await services.Publisher.PublishAsIsAsync(services.Client, channel, json).ConfigureAwait(false);
            if (outcome.Receipt?.Position is { } published)
            {
                lock (Gate)
                {
                    if (_ownPublishes.Count >= OwnPublishesRemembered)
                    {
                        _ownPublishes.Clear();
                    }

                    _ownPublishes.Add((channel, published));
                }
            }
        }
        finally
        {
            Release(channel);
        }

        if (outcome.Error is { } error)
        {
            services.Metrics.Rejected(TransportTag.Socket, error.Code);
            EnqueueFrame(DaemonProtocol.Error(id, error.Message));
            return;
        }

        services.Metrics.Published(TransportTag.Socket);
        var position = outcome.Receipt!.Position!.Value;
        EnqueueFrame(DaemonProtocol.Result(id, data =>
        {
            data.WriteBoolean("published"u8, true);
            data.WriteString("channel"u8, channel);
            data.WriteString("eventId"u8, position.ToString());
        }));
    }

    private async Task GetEventsSinceAsync(string id, string channel, string? lastEventId)
    {
        if (ChannelName.Validate(channel) is { } error)
        {
            EnqueueFrame(DaemonProtocol.Error(id, error));
            return;
        }

        if (services.Client.CheckSubscribe(ChannelPattern.Parse(channel)) is { } refusal)
        {
            services.Metrics.Rejected(TransportTag.Socket, refusal.Code);
            EnqueueFrame(DaemonProtocol.Error(id, refusal.Message));
            return;
        }

        // A position no channel has (epoch 0 is never issued) asks for everything the channel holds.
        var resumable = ChannelPosition.TryParse(lastEventId, out var after);
        var replay = await services.Grains.GetGrain<IChannelGrain>(channel)
            .GetSinceAsync(resumable ? after : default, services.Gateway.ReplayPageSize).ConfigureAwait(false);
        EnqueueFrame(DaemonProtocol.Result(id, data =>
        {
            data.WriteStartArray("events"u8);
            for (var i = 0; i < replay.Events.Count; i++)
            {
                data.WriteStartObject();
                data.WriteString("eventId"u8, replay.Events.PositionAt(i).ToString());
                data.WriteString("channel"u8, channel);
                data.WritePropertyName("message"u8);
                data.WriteRawValue(replay.Events.Payloads[i], skipInputValidation: true);
                data.WriteEndObject();
            }

            data.WriteEndArray();
            data.WriteBoolean("refreshNeeded"u8, replay.IsGap && lastEventId is not null);
        }));
    }

    private static string? TextOf(JsonElement request, string name) =>
        request.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Closed a daemon connection: its queue overflowed (slow consumer)")]
        public static partial void Overflowed(ILogger logger);
    }
}
