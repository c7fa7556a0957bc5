using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading.Channels;

namespace Photon.Cli.Tests.Helpers;

/// <summary>
/// The built <c>photon-channels</c> run as a real process, with an environment of the test's own: every
/// <c>PHOTON_*</c>, Redis and colour variable of the test runner removed, so that nothing on the machine decides
/// the transport, and the daemon socket directory pointed somewhere empty unless the test says otherwise.
/// </summary>
public sealed class CliProcess : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly Channel<string> _output = Channel.CreateUnbounded<string>();
    private readonly Channel<string> _error = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _allOutput = new();
    private readonly StringBuilder _allError = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _errorClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CliProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(e.Data, _output, _allOutput, _outputClosed);
        process.ErrorDataReceived += (_, e) => Collect(e.Data, _error, _allError, _errorClosed);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The tool's entry assembly, built beside the tests.</summary>
    public static string ToolPath => Path.Combine(AppContext.BaseDirectory, "photon-channels.dll");

    public int Id => _process.Id;

    /// <summary>Starts <c>photon-channels <paramref name="args"/></c>.</summary>
    /// <param name="environment">Variables on top of the clean environment; a <see langword="null"/> value removes one.</param>
    public static CliProcess Start(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? input = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in start.Environment.Keys.Where(IsAmbient).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["PHOTON_SOCKET_DIR"] = Path.Combine(Path.GetTempPath(), "photon-cli-none");
        start.Environment["TZ"] = "UTC";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        var process = new CliProcess(Process.Start(start)!);
        if (input is not null)
        {
            process._process.StandardInput.Write(input);
        }

        process._process.StandardInput.Close();
        return process;
    }

    /// <summary>Runs a command to its end.</summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null, string? input = null)
    {
        await using var process = Start(args, environment, input);
        return await process.WaitForExitAsync();
    }

    /// <summary>The next line written to standard output.</summary>
    public async Task<string> NextOutputLineAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await _output.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Waits until standard error has a line containing <paramref name="text"/>, and returns that line.</summary>
    public async Task<string> WaitForErrorAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            while (true)
            {
                var line = await _error.Reader.ReadAsync(timeout.Token);
                if (line.Contains(text, StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"photon-channels never wrote '{text}' to standard error; it wrote: {_allError}", ex);
        }
    }

    /// <summary>Sends SIGINT, as Ctrl+C in a terminal does.</summary>
    public Task InterruptAsync() => SignalAsync("INT");

    /// <summary>Sends SIGTERM, as systemd and Kubernetes stop a process.</summary>
    public Task TerminateAsync() => SignalAsync("TERM");

    public async Task<CliResult> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await _process.WaitForExitAsync(timeout.Token);
        await Task.WhenAll(_outputClosed.Task, _errorClosed.Task).WaitAsync(timeout.Token);
        return new CliResult(_process.ExitCode, _allOutput.ToString(), _allError.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static bool IsAmbient(string name) =>
        name.StartsWith("PHOTON_", StringComparison.Ordinal) || name is "REDIS_URL" or "NO_COLOR" or "CF_ACCOUNT_ID";

    private static void Collect(string? line, Channel<string> lines, StringBuilder all, TaskCompletionSource closed)
    {
        if (line is null)
        {
            lines.Writer.TryComplete();
            closed.TrySetResult();
            return;
        }

        lock (all)
        {
            all.Append(line).Append('\n');
        }

        lines.Writer.TryWrite(line);
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }
}

/// <summary>How a run ended: exit code and everything written to standard output and error (LF line ends).</summary>
public sealed record CliResult(int ExitCode, string Output, string Error);
