using System.Globalization;

namespace Photon.Faults;

/// <summary>
/// The sizes of a run (full, or <c>--short</c> for the test suite) and where the cluster is: the environment
/// of <c>deploy/local-cluster.sh</c> (<c>PHOTON_CLUSTER_DIR</c>, <c>HTTP_BASE_PORT</c>, <c>REDIS_PORT</c>) plus <c>--gateways</c> and <c>--silos</c>.
/// </summary>
internal sealed record FaultRunSettings(bool IsShort, int Silos, int Gateways, int HttpBasePort, int RedisPort, string ClusterDirectory)
{
    /// <summary>Messages of the streams a silo, Redis or a gateway fails during.</summary>
    public int StreamMessages => IsShort ? 1_000 : 10_000;

    /// <summary>How fast those streams go: slow enough that a fault and its recovery fall inside them.</summary>
    public double StreamMessagesPerSecond => IsShort ? 200 : 400;

    /// <summary>Messages published while a subscriber never reads.</summary>
    public int NeverReaderMessages => IsShort ? 10_000 : 100_000;

    /// <summary>
    /// The most a gateway may take (peak resident set) while never-readers sit on it: the README's bound. A
    /// stuck connection costs at most its queue (16 MiB by default); measured peaks were 164–180 MiB.
    /// </summary>
    public const double GatewayMemoryBoundMebibytes = 256;

    /// <summary>
    /// Filler per never-reader message. The kernel buffers up to 4 MiB a connection (tcp_wmem) before the
    /// gateway's queue fills at all: the short run's 10,000 messages must weigh more than that and the queue
    /// (run.sh --short lowers it to 1,024 messages) to overflow it.
    /// </summary>
    public int NeverReaderPadBytes => IsShort ? 1_000 : 0;

    public int StormClients => IsShort ? 100 : 1_000;

    public int StormMessages => IsShort ? 500 : 2_000;

    public double StormMessagesPerSecond => IsShort ? 100 : 200;

    /// <summary>How many times every storm client drops its connection at once during the stream.</summary>
    public int Storms => IsShort ? 3 : 5;

    /// <summary>Concurrent publishers per stream, each publishing its numbers in order.</summary>
    public const int PublisherLanes = 4;

    /// <summary>How long delivery may take to catch up after a stream, on a loaded two-core machine.</summary>
    public TimeSpan CatchUpTimeout => TimeSpan.FromSeconds(IsShort ? 60 : 180);

    public IReadOnlyList<Uri> GatewayUrls =>
        [.. Enumerable.Range(0, Gateways).Select(i => new Uri($"http://127.0.0.1:{HttpBasePort + i}"))];

    /// <summary>Gateway <paramref name="gateway"/>'s daemon socket for the default name (the script gives each gateway its own directory).</summary>
    public string SocketDirectory(int gateway) => Path.Combine(ClusterDirectory, $"sockets-{gateway}");

    public static FaultRunSettings Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var isShort = false;
        int silos = 2, gateways = 2;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--short": isShort = true; break;
                case "--silos" when i + 1 < args.Count: silos = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--gateways" when i + 1 < args.Count: gateways = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unknown argument '{args[i]}' (usage: Photon.Faults [--short] [--silos N] [--gateways N])");
            }
        }

        return new FaultRunSettings(
            isShort,
            silos,
            gateways,
            int.Parse(environment("HTTP_BASE_PORT") ?? "8081", CultureInfo.InvariantCulture),
            int.Parse(environment("REDIS_PORT") ?? "6390", CultureInfo.InvariantCulture),
            environment("PHOTON_CLUSTER_DIR") ?? "/tmp/photon-cluster");
    }
}
