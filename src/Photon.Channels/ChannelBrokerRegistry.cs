using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Photon.Channels.Daemon;
using Photon.Channels.Diagnostics;
using Photon.Channels.Http;
using Photon.Channels.NoOp;
using Photon.Channels.Redis;

namespace Photon.Channels;

/// <summary>
/// Broker types by name, and the one broker the environment calls for, detected once and cached. The static
/// <see cref="ChannelBrokers"/> holds the process-wide instance; tests and hosts may make their own.
/// </summary>
/// <remarks>
/// Detection follows the TypeScript registry, in order: <c>PHOTON_CHANNEL_BROKER</c> (an unknown type is an
/// error); <c>PHOTON_REDIS_URL</c> or <c>REDIS_URL</c> → redis; <c>PHOTON_CHANNEL_HTTP_URL</c> → http;
/// <c>PHOTON_CLOUDFLARE_ACCOUNT_ID</c> or <c>CF_ACCOUNT_ID</c> → cloudflare; a daemon socket that exists →
/// daemon (unless <c>PHOTON_DAEMON_ENABLED=false</c>); otherwise noop. A detected type that is not registered,
/// or whose factory fails, is logged and skipped. Unlike the TypeScript client, the daemon is chosen only
/// when its socket is really there.
/// </remarks>
public sealed partial class ChannelBrokerRegistry
{
    private readonly Lock _gate = new();
    private readonly List<KeyValuePair<string, ChannelBrokerFactory>> _factories = [];
    private readonly Func<string, string?> _environment;
    private readonly Func<Func<string, string?>, bool> _daemonSocketExists;
    private readonly ILogger _logger;
    private IChannelBroker? _active;

    /// <summary>Creates a registry with the built-in brokers registered.</summary>
    /// <param name="environment">Reads environment variables; the process environment by default.</param>
    /// <param name="loggerFactory">Where brokers log; by default standard error when <c>PHOTON_DEBUG</c> is set, nowhere otherwise.</param>
    /// <param name="daemonSocketExists">Whether a daemon socket exists for an environment; <see cref="DaemonSocketPath.Exists"/> by default.</param>
    public ChannelBrokerRegistry(
        Func<string, string?>? environment = null,
        ILoggerFactory? loggerFactory = null,
        Func<Func<string, string?>, bool>? daemonSocketExists = null)
    {
        _environment = environment ?? PhotonEnvironment.Get;
        _daemonSocketExists = daemonSocketExists ?? DaemonSocketPath.Exists;
        LoggerFactory = loggerFactory
            ?? (PhotonEnvironment.IsSet(_environment(PhotonEnvironment.Debug))
                ? new StandardErrorLoggerFactory(LogLevel.Debug)
                : NullLoggerFactory.Instance);
        _logger = LoggerFactory.CreateLogger<ChannelBrokerRegistry>();
        Register(NoOpBroker.TypeName, _ => new NoOpBroker());
        Register(DaemonBroker.TypeName, context => new DaemonBroker(
            context.OptionsOr(DaemonBrokerOptions.FromEnvironment),
            context.LoggerFactory.CreateLogger<DaemonBroker>()));
        Register(RedisBroker.TypeName, context => new RedisBroker(
            context.OptionsOr(RedisBrokerOptions.FromEnvironment),
            context.LoggerFactory.CreateLogger<RedisBroker>()));
        Register(HttpBroker.TypeName, context => new HttpBroker(
            context.OptionsOr(HttpBrokerOptions.FromEnvironment),
            context.LoggerFactory.CreateLogger<HttpBroker>()));
    }

    /// <summary>Where brokers created here log.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The registered types, in the order they were first registered.</summary>
    public IReadOnlyList<string> RegisteredTypes
    {
        get
        {
            lock (_gate)
            {
                return [.. _factories.Select(f => f.Key)];
            }
        }
    }

    /// <summary>Registers (or replaces) the factory of <paramref name="type"/>.</summary>
    public void Register(string type, ChannelBrokerFactory factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        ArgumentNullException.ThrowIfNull(factory);
        lock (_gate)
        {
            var index = _factories.FindIndex(f => f.Key == type);
            if (index >= 0)
            {
                _factories[index] = new(type, factory);
            }
            else
            {
                _factories.Add(new(type, factory));
            }
        }
    }

    /// <summary>Creates a new broker of <paramref name="type"/> with <paramref name="options"/>, or configured from the environment.</summary>
    /// <exception cref="ArgumentException">No broker of that type is registered; the message names the registered ones.</exception>
    public IChannelBroker Create(string type, object? options = null)
    {
        ChannelBrokerFactory? factory;
        lock (_gate)
        {
            factory = _factories.FirstOrDefault(f => f.Key == type).Value;
        }

        if (factory is null)
        {
            throw new ArgumentException($"Unknown broker type: {type}. Available types: {string.Join(", ", RegisteredTypes)}", nameof(type));
        }

        return factory(new ChannelBrokerContext(options, _environment, LoggerFactory));
    }

    /// <summary>The broker the environment calls for: detected and created on first use, then the same instance.</summary>
    public IChannelBroker Get()
    {
        lock (_gate)
        {
            return _active ??= Detect();
        }
    }

    /// <summary>Makes <paramref name="broker"/> the one <see cref="Get"/> returns.</summary>
    public void Set(IChannelBroker broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        lock (_gate)
        {
            _active = broker;
        }
    }

    /// <summary>Forgets the cached broker, so that the next <see cref="Get"/> detects again. The old broker is not disposed.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _active = null;
        }
    }

    /// <summary>Detects and creates the broker the environment calls for, without caching it.</summary>
    /// <exception cref="ArgumentException"><c>PHOTON_CHANNEL_BROKER</c> names a type that is not registered.</exception>
    public IChannelBroker Detect()
    {
        if (_environment(PhotonEnvironment.Broker) is { Length: > 0 } explicitType)
        {
            return Create(explicitType.Trim());
        }

        foreach (var type in DetectedCandidates())
        {
            if (!RegisteredTypes.Contains(type))
            {
                Log.DetectedTypeNotRegistered(_logger, type);
                continue;
            }

            try
            {
                var broker = Create(type);
                Log.Detected(_logger, type);
                return broker;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or UriFormatException)
            {
                Log.DetectedTypeFailed(_logger, type, ex);
            }
        }

        return Create(NoOpBroker.TypeName);
    }

    private IEnumerable<string> DetectedCandidates()
    {
        if (!string.IsNullOrEmpty(_environment(PhotonEnvironment.RedisUrl)) || !string.IsNullOrEmpty(_environment(PhotonEnvironment.GenericRedisUrl)))
        {
            yield return RedisBroker.TypeName;
        }

        if (!string.IsNullOrEmpty(_environment(PhotonEnvironment.HttpUrl)))
        {
            yield return HttpBroker.TypeName;
        }

        if (!string.IsNullOrEmpty(_environment(PhotonEnvironment.CloudflareAccountId)) || !string.IsNullOrEmpty(_environment(PhotonEnvironment.GenericCloudflareAccountId)))
        {
            yield return "cloudflare";
        }

        if (!string.Equals(_environment(PhotonEnvironment.DaemonEnabled), "false", StringComparison.OrdinalIgnoreCase)
            && _daemonSocketExists(_environment))
        {
            yield return DaemonBroker.TypeName;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Detected the {BrokerType} broker from the environment")]
        public static partial void Detected(ILogger logger, string brokerType);

        [LoggerMessage(2, LogLevel.Debug, "The environment calls for the {BrokerType} broker, but none is registered; trying the next")]
        public static partial void DetectedTypeNotRegistered(ILogger logger, string brokerType);

        [LoggerMessage(3, LogLevel.Warning, "The {BrokerType} broker is configured but failed to initialise; trying the next")]
        public static partial void DetectedTypeFailed(ILogger logger, string brokerType, Exception exception);
    }
}
