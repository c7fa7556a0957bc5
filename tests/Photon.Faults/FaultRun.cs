using Photon.Channels.Daemon;
using Photon.Channels.Http;
using StackExchange.Redis;

namespace Photon.Faults;

/// <summary>What every scenario of a run shares: the cluster, its settings, the clients, the channel names.</summary>
internal sealed class FaultRun(FaultRunSettings settings, LocalClusterControl cluster) : IDisposable
{
    // Brokers that come back fast once a gateway is back: the defaults back off to 30 s.
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    // Longer than a gateway's own wait for the channel grain (Orleans' 30 s response timeout): a publisher that
    // gave up first would retry a publish the gateway is still completing, and the message would be stored twice.
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(45);

    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];

    public FaultRunSettings Settings => settings;

    public LocalClusterControl Cluster => cluster;

    /// <summary>The raw readers' client: one connection per stream, however many.</summary>
    public HttpClient Client { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>A channel of its own for each scenario and run, so that nothing from a previous one is replayed.</summary>
    public string Channel(string scenario) => $"faults-{_runId}:{scenario}";

    public HttpBroker HttpBroker(int gateway) => HttpBroker(gateway, RequestTimeout);

    public DaemonBroker DaemonBroker(int gateway) => new(new DaemonBrokerOptions
    {
        SocketDirectory = settings.SocketDirectory(gateway),
        ReconnectDelay = ReconnectDelay,
        MaxReconnectDelay = MaxReconnectDelay,
        Timeout = RequestTimeout,
    });

    /// <summary>A raw reader of <paramref name="channel"/> that starts on <paramref name="gateway"/> and moves to the next one whenever it reconnects.</summary>
    public ResumingSseReader Reader(string name, string channel, int gateway) =>
        new(Client, settings.GatewayUrls, gateway, channel, new DeliveryLog(name));

    /// <summary>A publisher whose lanes start on different gateways.</summary>
    public SequencedPublisher Publisher(string channel, int padBytes = 0) =>
        new([.. Enumerable.Range(0, settings.Gateways).Select(gateway => HttpBroker(gateway, PublishTimeout))], channel, FaultRunSettings.PublisherLanes, givingUpAfter: TimeSpan.FromMinutes(2), padBytes);

    private HttpBroker HttpBroker(int gateway, TimeSpan timeout) => new(new HttpBrokerOptions
    {
        PublishUrl = new Uri(settings.GatewayUrls[gateway], "/publish"),
        SubscribeUrl = new Uri(settings.GatewayUrls[gateway], "/subscribe"),
        ReconnectDelay = ReconnectDelay,
        MaxReconnectDelay = MaxReconnectDelay,
        Timeout = timeout,
    });

    public GatewayMemoryMonitor MonitorMemory()
    {
        var monitor = new GatewayMemoryMonitor(cluster, settings.Gateways);
        monitor.Start();
        return monitor;
    }

    /// <summary>Tallies a scenario; when a number arrived twice, reads the channel's history to see whether it was stored twice.</summary>
    public async Task<ScenarioResult> ResultAsync(string scenario, SequencedPublisher publisher, SubscriberSet subscribers, GatewayMemoryMonitor memory, List<string> problems)
    {
        memory.Sample();
        var checks = subscribers.Check(publisher);
        var storedCopies = checks.Any(c => c.Duplicates.Count > 0) ? await StoredMoreThanOnceAsync(publisher, problems) : new Dictionary<long, int>();
        foreach (var check in checks.Where(c => !c.IsExact))
        {
            Console.Error.WriteLine($"# {scenario}: {check}");
        }

        foreach (var (seq, error) in publisher.Retried.OrderBy(r => r.Key).Take(10))
        {
            Console.Error.WriteLine($"# {scenario}: publish of seq {seq} was retried after: {error}");
        }

        return new ScenarioResult(scenario, publisher.Acknowledged, checks, memory.PeakMebibytes, publisher.Retried.Count, storedCopies, problems);
    }

    /// <summary>
    /// The numbers the channel's durable history in Redis holds more than once, with their copies. Read from
    /// Redis, not replayed over an event stream: a replay longer than a stream's queue (4,096 messages) is closed
    /// as too slow before it writes anything.
    /// </summary>
    private async Task<Dictionary<long, int>> StoredMoreThanOnceAsync(SequencedPublisher publisher, List<string> problems)
    {
        if (publisher.Positions.Select(p => p.Epoch).Distinct().Count() > 1)
        {
            problems.Add("the channel changed epoch: it lost its history");
        }

        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{settings.RedisPort}");
        var history = await redis.GetDatabase().ListRangeAsync("photon:channel-history:" + publisher.Channel);
        return history.Select(payload => SequenceNumbers.Of((byte[])payload!)).CountBy(seq => seq)
            .Where(stored => stored.Value > 1)
            .ToDictionary(stored => stored.Key, stored => stored.Value);
    }

    public void Dispose() => Client.Dispose();
}
