using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Photon.Channels.Internal;
using Photon.Channels.Wire;
using StackExchange.Redis;

namespace Photon.Channels.Redis;

/// <summary>
/// Publishes and subscribes through Redis pub/sub, in the TypeScript RedisBroker's wire shape:
/// <c>PUBLISH &lt;prefix&gt;&lt;channel&gt; &lt;ChannelMessage JSON&gt;</c>.
/// </summary>
/// <remarks>
/// What it does that the TypeScript client does not: glob characters in channel names are escaped in
/// patterns; and when a handler's subscriptions overlap (<c>board:a</c> and <c>board:*</c>, say), Redis sends
/// one delivery per matching subscription, but each message reaches each handler once: only the most specific
/// matching subscription (exact, then <c>prefix:*</c>, then <c>*</c>) dispatches, to every handler that matches.
/// StackExchange.Redis reconnects and resubscribes by itself.
/// </remarks>
public sealed partial class RedisBroker : IChannelBroker
{
    /// <summary>The registry name of this broker.</summary>
    public const string TypeName = "redis";

    private readonly RedisBrokerOptions _options;
    private readonly RedisChannelNames _names;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly Dictionary<string, RedisPatternSubscription> _subscriptions = new(StringComparer.Ordinal);
    private readonly Channel<(string Channel, string PatternKey, RedisValue Payload)> _dispatch =
        Channel.CreateUnbounded<(string, string, RedisValue)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _dispatching;
    private ConnectionMultiplexer? _connection;

    /// <summary>Creates a broker; it connects on first use.</summary>
    public RedisBroker(RedisBrokerOptions options, ILogger<RedisBroker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _names = new RedisChannelNames(options.Prefix);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _dispatching = DispatchAsync();
    }

    /// <inheritdoc />
    public string Type => TypeName;

    /// <inheritdoc />
    public bool IsConnected => _connection?.IsConnected ?? false;

    /// <inheritdoc />
    public async ValueTask ConnectAsync(CancellationToken cancellationToken = default) =>
        await ConnectionAsync(cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ChannelName.ThrowIfInvalid(message.Channel, nameof(message));
        var json = ChannelMessageJson.Serialize(message.WithTimestamp());
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await connection.GetSubscriber().PublishAsync(_names.For(message.Channel), json).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (RedisException ex)
        {
            throw new ChannelBrokerException($"Redis publish to {message.Channel} failed: {ex.Message}", ex);
        }

        // Redis assigns no position; only the gateway's transports do.
        return null;
    }

    /// <inheritdoc />
    public async ValueTask<IChannelSubscription> SubscribeAsync(
        string channel,
        ChannelMessageHandler handler,
        ChannelSubscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var pattern = ChannelPattern.Parse(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var connection = await ConnectionAsync(cancellationToken).ConfigureAwait(false);
        RedisPatternSubscription subscription;
        bool created;
        lock (_gate)
        {
            created = !_subscriptions.TryGetValue(pattern.Value, out subscription!);
            if (created)
            {
                subscription = new RedisPatternSubscription(pattern);
                _subscriptions.Add(pattern.Value, subscription);
            }
        }

        var entry = new RedisHandler(this, subscription, handler);
        subscription.Add(entry);
        if (created)
        {
            try
            {
                // A message queue hands over one message at a time, in order; plain handlers may run concurrently.
                var queue = await connection.GetSubscriber().SubscribeAsync(_names.SubscriptionFor(pattern)).WaitAsync(cancellationToken).ConfigureAwait(false);
                queue.OnMessage(message => OnMessage(message.Channel, pattern.Value, message.Message));
            }
            catch (RedisException ex)
            {
                await entry.DisposeAsync().ConfigureAwait(false);
                throw new ChannelBrokerException($"Redis subscribe to {channel} failed: {ex.Message}", ex);
            }
        }

        return entry;
    }

    /// <inheritdoc />
    public async ValueTask DisconnectAsync(CancellationToken cancellationToken = default)
    {
        ConnectionMultiplexer? connection;
        lock (_gate)
        {
            connection = _connection;
            _connection = null;
            foreach (var subscription in _subscriptions.Values)
            {
                subscription.Closed = true;
            }

            _subscriptions.Clear();
        }

        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync().ConfigureAwait(false);
        _dispatch.Writer.TryComplete();
        await _dispatching.ConfigureAwait(false);
        _stop.Dispose();
        _connectLock.Dispose();
    }

    /// <summary>Removes a handler; the last one of a pattern unsubscribes it.</summary>
    internal void Remove(RedisHandler entry)
    {
        var subscription = entry.Subscription;
        ConnectionMultiplexer? connection;
        lock (_gate)
        {
            if (!subscription.Remove(entry) || _subscriptions.GetValueOrDefault(subscription.Pattern.Value) != subscription)
            {
                return;
            }

            _subscriptions.Remove(subscription.Pattern.Value);
            connection = _connection;
        }

        connection?.GetSubscriber().Unsubscribe(_names.SubscriptionFor(subscription.Pattern), flags: CommandFlags.FireAndForget);
    }

    private async Task<ConnectionMultiplexer> ConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing)
        {
            return existing;
        }

        await _connectLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { } connected)
            {
                return connected;
            }

            var configuration = RedisConnection.Parse(_options.Url);
            configuration.AbortOnConnectFail = false;
            var connection = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
            lock (_gate)
            {
                _connection = connection;
            }

            return connection;
        }
        catch (RedisException ex)
        {
            throw new ChannelBrokerException($"connecting to Redis failed: {ex.Message}", ex);
        }
        finally
        {
            _connectLock.Release();
        }
    }

    private void OnMessage(RedisChannel redisChannel, string patternKey, RedisValue payload)
    {
        if (_names.ChannelOf(redisChannel) is { } channel)
        {
            _dispatch.Writer.TryWrite((channel, patternKey, payload));
        }
    }

    private async Task DispatchAsync()
    {
        await foreach (var (channel, patternKey, payload) in _dispatch.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            RedisPatternSubscription[] matching;
            lock (_gate)
            {
                matching = [.. _subscriptions.Values.Where(s => s.Pattern.Matches(channel))];
            }

            // One Redis publish arrives once per matching subscription; only the most specific one dispatches.
            if (matching.Length == 0 || matching.MinBy(s => s.Pattern.Kind)!.Pattern.Value != patternKey)
            {
                continue;
            }

            ChannelMessage message;
            try
            {
                message = ChannelMessageJson.Parse((byte[])payload!);
            }
            catch (ChannelMessageFormatException ex)
            {
                Log.MalformedMessage(_logger, channel, ex.Message);
                continue;
            }

            foreach (var handler in matching.SelectMany(s => s.Handlers).Where(h => h.IsActive).Distinct(RedisHandler.SameDelegate))
            {
                await HandlerInvoker.InvokeAsync(handler.Handler, message, _logger, _stop.Token).ConfigureAwait(false);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Dropped a malformed message on {Channel}: {Reason}")]
        public static partial void MalformedMessage(ILogger logger, string channel, string reason);
    }
}
