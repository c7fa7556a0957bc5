using System.Globalization;
using System.Net;

namespace Photon.Bench;

/// <summary>The driver's command line: where bench/run.sh started each server, and the run's sizes.</summary>
internal sealed record BenchSettings
{
    public Uri? Gateway { get; private init; }

    public int GatewayPid { get; private init; }

    public string? SocketPath { get; private init; }

    public IPEndPoint? Redis { get; private init; }

    public int RedisPid { get; private init; }

    /// <summary>The bridge's Redis channel prefix (the gateway's <c>PHOTON_REDIS_PREFIX</c>).</summary>
    public string RedisPrefix { get; private init; } = "photon:channel:";

    /// <summary>The port the gateway's embedded silo accepts cluster clients on, for the direct Orleans client.</summary>
    public int OrleansGatewayPort { get; private init; }

    public string ClusterId { get; private init; } = "photon";

    public Uri? Nchan { get; private init; }

    public int NginxPid { get; private init; }

    /// <summary>A few seconds in all, small sizes: what CI runs. Speed is not judged.</summary>
    public bool Smoke { get; private init; }

    /// <summary>When not empty, only these runs: <c>scenario</c> (over every transport) or <c>scenario/transport</c>.</summary>
    public IReadOnlySet<string> Only { get; private init; } = new HashSet<string>();

    public static BenchSettings Parse(string[] args)
    {
        var settings = new BenchSettings();
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            int Number() => int.Parse(Value(), CultureInfo.InvariantCulture);
            settings = args[i] switch
            {
                "--gateway" => settings with { Gateway = new Uri(Value()) },
                "--gateway-pid" => settings with { GatewayPid = Number() },
                "--socket" => settings with { SocketPath = Value() },
                "--redis" => settings with { Redis = IPEndPoint.Parse(Value()) },
                "--redis-pid" => settings with { RedisPid = Number() },
                "--redis-prefix" => settings with { RedisPrefix = Value() },
                "--orleans-gateway-port" => settings with { OrleansGatewayPort = Number() },
                "--cluster-id" => settings with { ClusterId = Value() },
                "--nchan" => settings with { Nchan = new Uri(Value()) },
                "--nginx-pid" => settings with { NginxPid = Number() },
                "--smoke" => settings with { Smoke = true },
                "--only" => settings with { Only = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal) },
                _ => throw new ArgumentException($"unknown argument {args[i]}"),
            };
        }

        if (settings.Gateway is null || settings.GatewayPid == 0)
        {
            throw new ArgumentException("--gateway and --gateway-pid are required");
        }

        return settings;
    }

    /// <summary>Whether <see cref="Only"/> lets <paramref name="scenario"/> run over <paramref name="transport"/>.</summary>
    public bool Runs(string scenario, string transport) =>
        Only.Count == 0 || Only.Contains(scenario) || Only.Contains($"{scenario}/{transport}");
}
