using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using Photon.Testing;
using Xunit.Abstractions;

namespace Photon.Channels.Tests.Bench;

/// <summary>
/// Issue 6's CI smoke of the micro-benchmarks (bench/Photon.Benchmarks): every benchmark runs once with
/// BenchmarkDotNet's dry job, in process (no child build), and must report a result. Nothing about speed is
/// asserted. Runs the assembly that building the solution produced (tests/run.sh builds it before dotnet test).
/// </summary>
[Trait("Category", "Benchmark")]
public sealed class MicroBenchmarkSmokeTests(ITestOutputHelper output)
{
    // A dry run takes about a second on an idle machine; the bound only stops a hung run.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_micro_benchmark_runs_once_and_reports_a_result()
    {
        var configuration = typeof(MicroBenchmarkSmokeTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var assembly = Path.Combine(RepositoryRoot.Path, "bench", "Photon.Benchmarks", "bin", configuration, "net10.0", "Photon.Benchmarks.dll");
        Assert.True(File.Exists(assembly), $"{assembly} is missing: build the solution (dotnet build Photon.Orleans.sln -c {configuration}) first");
        var artifacts = Directory.CreateTempSubdirectory("photon-bench-smoke-");
        try
        {
            var listed = await RunAsync(assembly, artifacts.FullName, "--list", "flat");
            Assert.Equal(0, listed.ExitCode);
            var expected = listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.StartsWith("Photon.Benchmarks.", StringComparison.Ordinal))
                .ToHashSet();
            Assert.NotEmpty(expected);

            var stopwatch = Stopwatch.StartNew();
            var run = await RunAsync(assembly, artifacts.FullName, "--job", "Dry", "--inProcess", "--filter", "*", "--join", "--exporters", "json", "--artifacts", artifacts.FullName);
            output.WriteLine($"dry run: {stopwatch.Elapsed.TotalSeconds:0.0} s, exit code {run.ExitCode}");
            output.WriteLine(run.Output);
            Assert.Equal(0, run.ExitCode);

            var report = Assert.Single(Directory.GetFiles(Path.Combine(artifacts.FullName, "results"), "*-report-full-compressed.json"));
            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(report));
            var reported = new HashSet<string>();
            foreach (var benchmark in json.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                var name = $"{benchmark.GetProperty("Namespace").GetString()}.{benchmark.GetProperty("Type").GetString()}.{benchmark.GetProperty("Method").GetString()}";
                var statistics = benchmark.GetProperty("Statistics");
                Assert.True(statistics.ValueKind == JsonValueKind.Object && statistics.GetProperty("N").GetInt32() > 0, $"{benchmark.GetProperty("FullName").GetString()} reported no measurement");
                Assert.True(benchmark.GetProperty("Memory").ValueKind == JsonValueKind.Object, $"{name} reported no memory diagnosis");
                reported.Add(name);
            }

            Assert.Equal(expected.Order(StringComparer.Ordinal), reported.Order(StringComparer.Ordinal));
        }
        finally
        {
            artifacts.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string assembly, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(assembly);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"the benchmarks ({string.Join(' ', arguments)}) took more than {Timeout}");
        }

        return (process.ExitCode, await standardOutput + await standardError);
    }
}
