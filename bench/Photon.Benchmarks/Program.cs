using BenchmarkDotNet.Running;

namespace Photon.Benchmarks;

// A named class, not top-level statements: the gateway's own Program is visible here (InternalsVisibleTo).
internal static class Program
{
    /// <summary>
    /// Runs the benchmarks the arguments select (see bench/micro.sh). BenchmarkSwitcher leaves the exit code to
    /// us: non-zero when a benchmark failed or did not run, so the CI smoke can tell.
    /// </summary>
    public static int Main(string[] args)
    {
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
