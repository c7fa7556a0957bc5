using System.Globalization;
using Photon.Testing;

namespace Photon.Faults;

/// <summary>The faults <see cref="FaultDuringStream"/> injects, each followed by the recovery an operator would do.</summary>
internal static class ClusterFaults
{
    /// <summary>SIGKILL the silo that hosts the channel's grain, let the stream go on without it, then start it again.</summary>
    public static async Task KillChannelSiloAsync(FaultRun run, SequencedPublisher publisher, List<string> problems)
    {
        var silo = await SiloHostingAsync(run, publisher.Channel);
        if (silo is null)
        {
            problems.Add("could not tell which silo hosts the channel (no activation line in the silo logs): killed silo-0");
        }

        var index = silo ?? 0;
        run.Cluster.Kill($"silo-{index}");
        Console.Error.WriteLine($"# killed silo-{index}, the channel's host, at {publisher.Acknowledged} published");
        await WhileStreamGoesOnAsync(run, publisher);
        await run.Cluster.RunAsync("start-silo", index.ToString(CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"# silo-{index} is active again at {publisher.Acknowledged} published");
    }

    /// <summary>SIGKILL redis-server and start it again on the same port, with what its append-only file kept.</summary>
    public static async Task RestartRedisAsync(FaultRun run, SequencedPublisher publisher, List<string> problems)
    {
        run.Cluster.Kill("redis");
        Console.Error.WriteLine($"# killed redis at {publisher.Acknowledged} published");
        await run.Cluster.RunAsync("start-redis");
        Console.Error.WriteLine($"# redis is back at {publisher.Acknowledged} published");
    }

    /// <summary>SIGKILL the last gateway and start it again on the same port; its subscribers resume there or elsewhere.</summary>
    public static async Task RestartGatewayAsync(FaultRun run, SequencedPublisher publisher, List<string> problems)
    {
        var index = run.Settings.Gateways - 1;
        run.Cluster.Kill($"gateway-{index}");
        Console.Error.WriteLine($"# killed gateway-{index} at {publisher.Acknowledged} published");
        await run.Cluster.RunAsync("start-gateway", index.ToString(CultureInfo.InvariantCulture));
        Console.Error.WriteLine($"# gateway-{index} is back at {publisher.Acknowledged} published");
    }

    // Messages keep being published while the failed process is away, however long noticing the failure takes.
    private static async Task WhileStreamGoesOnAsync(FaultRun run, SequencedPublisher publisher)
    {
        var target = publisher.Acknowledged + (run.Settings.StreamMessages / 10);
        try
        {
            await Eventually.TrueAsync(() => publisher.Acknowledged >= target, "the stream goes on without the failed process", TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"# the stream stalled at {publisher.Acknowledged} while the process was away");
        }
    }

    /// <summary>The silo whose log says it activated the channel's grain (silos log activations at Debug, which run.sh turns on).</summary>
    private static async Task<int?> SiloHostingAsync(FaultRun run, string channel)
    {
        var line = $"Channel {channel} activated";
        int? found = null;
        try
        {
            await Eventually.TrueAsync(
                () =>
                {
                    found = Enumerable.Range(0, run.Settings.Silos)
                        .Where(i => File.Exists(SiloLog(run, i)) && ReadShared(SiloLog(run, i)).Contains(line, StringComparison.Ordinal))
                        .Select(i => (int?)i)
                        .LastOrDefault();
                    return found is not null;
                },
                "the channel's silo logs its activation",
                TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
        }

        return found;
    }

    private static string SiloLog(FaultRun run, int index) => Path.Combine(run.Cluster.Directory, $"silo-{index}.log");

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
