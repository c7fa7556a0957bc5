using System.Globalization;

namespace Photon.Faults;

/// <summary>
/// The highest resident memory (VmHWM, kB) any gateway process reached during a scenario. Each scenario starts
/// by resetting the kernel's high-water mark (<c>clear_refs</c> 5), and a gateway restarted meanwhile is
/// followed through its pid file.
/// </summary>
internal sealed class GatewayMemoryMonitor(LocalClusterControl cluster, int gateways) : IAsyncDisposable
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(250);

    private readonly CancellationTokenSource _stop = new();
    private long _peakKilobytes;
    private Task _sampling = Task.CompletedTask;

    public double PeakMebibytes => Interlocked.Read(ref _peakKilobytes) / 1024.0;

    public void Start()
    {
        foreach (var pid in Pids())
        {
            ResetHighWaterMark(pid);
        }

        _sampling = SampleAsync();
    }

    /// <summary>Samples once more, since the peak may come in the last moments.</summary>
    public void Sample()
    {
        foreach (var pid in Pids())
        {
            if (HighWaterMarkKilobytes(pid) is { } kilobytes)
            {
                long current;
                while ((current = Interlocked.Read(ref _peakKilobytes)) < kilobytes
                       && Interlocked.CompareExchange(ref _peakKilobytes, kilobytes, current) != current)
                {
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        Sample();
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var timer = new PeriodicTimer(SamplePeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private IEnumerable<int> Pids() =>
        Enumerable.Range(0, gateways).Select(i => cluster.Pid($"gateway-{i}")).OfType<int>();

    private static void ResetHighWaterMark(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not allowed here: the peak then counts from the process's start.
        }
    }

    private static long? HighWaterMarkKilobytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // The process is gone (killed by the scenario).
        }
    }
}
