using System.Globalization;

namespace Photon.Bench.Measuring;

/// <summary>
/// The server process a transport measures (the gateway, redis-server, nginx) and its direct children (nginx's
/// workers), read from <c>/proc</c>: CPU time and resident memory.
/// </summary>
internal sealed class ServerProcess(string name, int pid)
{
    // /proc/<pid>/stat counts CPU time in clock ticks, USER_HZ, which is 100 on Linux everywhere.
    private const double ClockTicksPerSecond = 100;

    public string Name { get; } = name;

    public int Pid { get; } = pid;

    /// <summary>User plus system CPU seconds used so far by the process and its children.</summary>
    public double CpuSeconds() => Tree().Sum(p =>
    {
        var stat = Read($"/proc/{p}/stat");
        if (stat is null)
        {
            return 0;
        }

        // Fields after the parenthesised command name, which may itself hold spaces: utime and stime are 14 and 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
    });

    /// <summary>Resets the kernel's resident-memory high-water mark, so <see cref="PeakMebibytes"/> counts from now.</summary>
    public void ResetPeak()
    {
        foreach (var p in Tree())
        {
            try
            {
                File.WriteAllText($"/proc/{p}/clear_refs", "5");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Not allowed here: the peak then counts from the process's start.
            }
        }
    }

    public double PeakMebibytes() => Tree().Sum(p => StatusKilobytes(p, "VmHWM:")) / 1024.0;

    public double ResidentMebibytes() => Tree().Sum(p => StatusKilobytes(p, "VmRSS:")) / 1024.0;

    private IEnumerable<int> Tree()
    {
        yield return Pid;
        var children = Read($"/proc/{Pid}/task/{Pid}/children");
        foreach (var child in (children ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            yield return int.Parse(child, CultureInfo.InvariantCulture);
        }
    }

    private static long StatusKilobytes(int pid, string field)
    {
        var line = Read($"/proc/{pid}/status")?.Split('\n').FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string? Read(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null; // The process is gone.
        }
    }
}
