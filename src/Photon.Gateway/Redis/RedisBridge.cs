using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Photon.Channels;
using Photon.Channels.Redis;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Fanout;
using Photon.Gateway.Publishing;
using Photon.Gateway.Security;
using Photon.Grains.Hosting;
using StackExchange.Redis;

namespace Photon.Gateway.Redis;

/// <summary>
/// Bridges the channel mesh and Redis pub/sub, so that programs using the TypeScript RedisBroker publish into
/// the mesh and receive what every other transport publishes.
/// </summary>
/// <remarks>
/// <para><b>Exactly once, with any number of gateways.</b> Redis pub/sub delivers every message to every
/// subscriber and carries no message id, so if each gateway bridged, each message would enter the mesh (and
/// leave it) once per gateway. Instead one gateway at a time holds a lease in Redis
/// (<c>&lt;prefix&gt;$bridge:&lt;service&gt;/&lt;cluster&gt;</c>, renewed every third of <see cref="RedisBridgeOptions.LeaseTime"/>) and only
/// the holder bridges: it <c>PSUBSCRIBE</c>s <c>&lt;prefix&gt;*</c> (ingress) and listens to the mesh's
/// <c>*</c> stream (egress). When it dies, another gateway takes the lease within one lease time; messages
/// published on Redis in between are lost, as they are for any Redis subscriber that is away.</para>
/// <para>Clusters that share one Redis each bridge once, so Redis federates them.</para>
/// <para><b>No loops.</b> A message that came in from Redis is noted (channel and digest of the payload the mesh
/// will carry) before it is published to the mesh, so its copy coming back on the <c>*</c> stream is not
/// published to Redis again, even when it arrives before the publish returns. A message the bridge published to
/// Redis comes back on its own <c>PSUBSCRIBE</c>; it is noted the same way and that copy is dropped.</para>
/// <para><b>Access.</b> With <see cref="RedisBridgeOptions.TokenName"/> set, the bridge acts as that scoped
/// token: it takes in from Redis only the channels the token may publish to, and hands to Redis only those it
/// may subscribe to.</para>
/// <para><b>Redis down.</b> StackExchange.Redis reconnects by itself; meanwhile the other transports keep
/// working, and what could not be bridged is counted (<see cref="NotBridged"/>) and logged.</para>
/// </remarks>
internal sealed partial class RedisBridge(
    IOptions<RedisBridgeOptions> options,
    IOptions<PhotonClusterOptions> cluster,
    ChannelFanout fanout,
    ChannelPublisher publisher,
    ChannelAccess access,
    GatewayMetrics metrics,
    ILogger<RedisBridge> logger) : BackgroundService, IChannelSubscriber
{
    private static readonly TimeSpan EchoWindow = TimeSpan.FromSeconds(30);

    private readonly RedisBridgeOptions _options = options.Value;
    private readonly RedisChannelNames _names = new(options.Value.Prefix);
    private readonly ChannelClient _client = access.ForBridge("redis", options.Value.TokenName);
    private readonly string _instance = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";
    private readonly Channel<ChannelDelivery> _egress = Channel.CreateBounded<ChannelDelivery>(
        new BoundedChannelOptions(options.Value.EgressQueueMessages) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private readonly DigestWindow _fromRedis = new(EchoWindow);
    private readonly DigestWindow _toRedis = new(EchoWindow);
    private ChannelMessageQueue? _ingressQueue;
    private long _ingress;
    private long _egressed;
    private long _notBridged;
    private long _leaseConfirmedAt;

    /// <summary>Whether this gateway holds the lease and bridges.</summary>
    public bool IsBridging { get; private set; }

    /// <summary>Messages taken from Redis into the mesh.</summary>
    public long Ingress => Interlocked.Read(ref _ingress);

    /// <summary>Mesh messages published to Redis.</summary>
    public long Egressed => Interlocked.Read(ref _egressed);

    /// <summary>Messages that could not be bridged (Redis unreachable, queue full, or refused by the mesh).</summary>
    public long NotBridged => Interlocked.Read(ref _notBridged);

    public bool IsLive => true;

    /// <summary>
    /// Whether the lease is surely still ours: it was renewed (the renewal sent) less than a lease time ago, so it
    /// has not expired in Redis and no other gateway can hold it. Past that, nothing is bridged either way.
    /// </summary>
    private bool HoldsLease => Stopwatch.GetElapsedTime(Interlocked.Read(ref _leaseConfirmedAt)) < _options.LeaseTime;

    public void Deliver(ChannelDelivery delivery)
    {
        if (!_client.Subscribe.Allows(delivery.Channel))
        {
            return;
        }

        if (!HoldsLease)
        {
            Interlocked.Increment(ref _notBridged);
            return;
        }

        lock (_gate)
        {
            if (_fromRedis.Count > 0 && _fromRedis.TryTake(delivery.Channel, delivery.Payload.Span))
            {
                return;
            }
        }

        if (!_egress.Writer.TryWrite(delivery))
        {
            Interlocked.Increment(ref _notBridged);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (string.IsNullOrWhiteSpace(_options.Url))
        {
            return;
        }

        metrics.ObserveDropped(() => [new Measurement<long>(NotBridged, new KeyValuePair<string, object?>("transport", TransportTag.Redis))]);
        var configuration = RedisConnection.Parse(_options.Url);
        configuration.AbortOnConnectFail = false;

        // Fail at once while Redis is away, rather than queue and send later: a lease renewal that hung in the
        // backlog kept this loop waiting, and a publish sent late may reach a gateway that holds the lease by then.
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        _redis = redis;
        redis.ConnectionFailed += (_, e) => Log.RedisDown(logger, e.FailureType.ToString(), NotBridged);
        redis.ConnectionRestored += (_, _) => Log.RedisBack(logger, NotBridged);
        var lease = new RedisKey($"{_options.Prefix}$bridge:{cluster.Value.ServiceId}/{cluster.Value.ClusterId}");
        var egressing = EgressAsync(redis, stoppingToken);
        IDisposable? meshSubscription = null;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    var holding = await HoldLeaseAsync(redis.GetDatabase(), lease).ConfigureAwait(false);
                    if (holding && !IsBridging)
                    {
                        meshSubscription = await fanout.SubscribeAsync(ChannelPattern.Parse(ChannelPattern.AllChannels), this, stoppingToken).ConfigureAwait(false);

                        // A message queue hands messages over one at a time, in order, unlike a plain handler.
                        _ingressQueue = await redis.GetSubscriber().SubscribeAsync(_names.SubscriptionFor(ChannelPattern.Parse(ChannelPattern.AllChannels))).ConfigureAwait(false);
                        _ingressQueue.OnMessage(message => OnRedisMessageAsync(message.Channel, message.Message));
                        IsBridging = true;
                        Log.Bridging(logger, _options.Prefix);
                    }
                    else if (!holding && IsBridging)
                    {
                        await StopBridgingAsync(redis, meshSubscription).ConfigureAwait(false);
                        meshSubscription = null;
                    }
                }
                catch (Exception ex) when (ex is RedisException or OrleansException or TimeoutException)
                {
                    Log.LeaseFailed(logger, ex);
                }

                await Task.Delay(_options.LeaseTime / 3, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (IsBridging)
            {
                await StopBridgingAsync(redis, meshSubscription).ConfigureAwait(false);
                try
                {
                    await redis.GetDatabase().LockReleaseAsync(lease, _instance).ConfigureAwait(false);
                }
                catch (RedisException ex)
                {
                    // Stopping while Redis is away: the lease lapses by itself, and stopping must not fail for it.
                    Log.LeaseReleaseFailed(logger, ex);
                }
            }

            _egress.Writer.TryComplete();
            await egressing.ConfigureAwait(false);
        }
    }

    private async Task<bool> HoldLeaseAsync(IDatabase database, RedisKey lease)
    {
        var asked = Stopwatch.GetTimestamp();
        try
        {
            var held = IsBridging
                ? await database.LockExtendAsync(lease, _instance, _options.LeaseTime).ConfigureAwait(false)
                : await database.LockTakeAsync(lease, _instance, _options.LeaseTime).ConfigureAwait(false);
            // Not held: another gateway has it, whatever the last renewal said (timestamp 0 is long past).
            Interlocked.Exchange(ref _leaseConfirmedAt, held ? asked : 0);

            return held;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Unreachable: keep bridging only while the lease is surely still ours (until the next renewal). After
            // that another gateway may hold it, and two bridges take each other's messages in again (the fault runs
            // restart Redis mid-stream and count every message stored twice).
            Log.LeaseFailed(logger, ex);
            return IsBridging && Stopwatch.GetElapsedTime(Interlocked.Read(ref _leaseConfirmedAt)) + (_options.LeaseTime / 3) < _options.LeaseTime;
        }
    }

    private async Task StopBridgingAsync(ConnectionMultiplexer redis, IDisposable? meshSubscription)
    {
        IsBridging = false;
        meshSubscription?.Dispose();
        try
        {
            if (_ingressQueue is { } queue)
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
        }
        catch (RedisException)
        {
        }

        Log.StoppedBridging(logger);
    }

    private async Task OnRedisMessageAsync(RedisChannel redisChannel, RedisValue value)
    {
        if (_names.ChannelOf(redisChannel) is not { } channel || !value.HasValue)
        {
            return;
        }

        if (!HoldsLease)
        {
            Interlocked.Increment(ref _notBridged);
            return;
        }

        var payload = (byte[])value!;
        lock (_gate)
        {
            if (_toRedis.TryTake(channel, payload))
            {
                // Our own publish coming back: not a new message.
                return;
            }
        }

        await IngestAsync(channel, payload).ConfigureAwait(false);
    }

    private async Task IngestAsync(string channel, byte[] payload)
    {
        try
        {
            // Noted before the grain has it: the message may come back on the mesh's stream before the publish returns.
            var outcome = await publisher.PublishAsync(_client, payload, NoteIncoming).ConfigureAwait(false);
            if (outcome.Error is { } error || outcome.Receipt!.Channel != channel)
            {
                Interlocked.Increment(ref _notBridged);
                Log.IngressRefused(logger, channel, outcome.Error?.Message ?? "the message names another channel");
                return;
            }

            Interlocked.Increment(ref _ingress);
            metrics.Published(TransportTag.Redis);
        }
#pragma warning disable CA1031 // A failure must not stop the ingress queue: StackExchange.Redis ends it on an unhandled exception.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _notBridged);
            Log.IngressFailed(logger, channel, ex);
        }
    }

    private async Task EgressAsync(ConnectionMultiplexer redis, CancellationToken stoppingToken)
    {
        var subscriber = redis.GetSubscriber();
        await foreach (var delivery in _egress.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            if (!HoldsLease)
            {
                Interlocked.Increment(ref _notBridged);
                continue;
            }

            var payload = delivery.Payload.ToArray();
            NoteOutgoing(delivery.Channel, payload);
            try
            {
                // Not awaited one by one: StackExchange.Redis pipelines in issue order, which keeps each channel's order.
                _ = subscriber.PublishAsync(_names.For(delivery.Channel), payload).ContinueWith(
                    published =>
                    {
                        if (published.IsCompletedSuccessfully)
                        {
                            Interlocked.Increment(ref _egressed);
                        }
                        else
                        {
                            Interlocked.Increment(ref _notBridged);
                        }
                    },
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
            catch (RedisException)
            {
                Interlocked.Increment(ref _notBridged);
            }

            if (stoppingToken.IsCancellationRequested && _egress.Reader.Count == 0)
            {
                break;
            }
        }
    }

    private void NoteOutgoing(string channel, byte[] payload)
    {
        lock (_gate)
        {
            _toRedis.Add(channel, payload);
        }
    }

    private void NoteIncoming(string channel, byte[] payload)
    {
        lock (_gate)
        {
            _fromRedis.Add(channel, payload);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "This gateway now bridges Redis pub/sub channels {Prefix}*")]
        public static partial void Bridging(ILogger logger, string prefix);

        [LoggerMessage(2, LogLevel.Information, "This gateway stopped bridging Redis")]
        public static partial void StoppedBridging(ILogger logger);

        [LoggerMessage(3, LogLevel.Error, "Redis is unreachable ({Failure}); the other transports keep working. Not bridged so far: {NotBridged}")]
        public static partial void RedisDown(ILogger logger, string failure, long notBridged);

        [LoggerMessage(4, LogLevel.Information, "Redis is reachable again. Not bridged so far: {NotBridged}")]
        public static partial void RedisBack(ILogger logger, long notBridged);

        [LoggerMessage(5, LogLevel.Warning, "A message from Redis on {Channel} was refused: {Reason}")]
        public static partial void IngressRefused(ILogger logger, string channel, string reason);

        [LoggerMessage(6, LogLevel.Error, "A message from Redis on {Channel} could not be published to the mesh")]
        public static partial void IngressFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(7, LogLevel.Warning, "Taking or starting the Redis bridge failed; retrying")]
        public static partial void LeaseFailed(ILogger logger, Exception exception);

        [LoggerMessage(10, LogLevel.Warning, "Releasing the Redis bridge's lease while stopping failed; it lapses by itself")]
        public static partial void LeaseReleaseFailed(ILogger logger, Exception exception);

        [LoggerMessage(9, LogLevel.Debug, "Counting Redis's subscribers failed")]
        public static partial void CountingSubscribersFailed(ILogger logger, Exception exception);
    }
}
