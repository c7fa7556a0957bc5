using System.Diagnostics;
using System.Text.Json;
using Photon.Testing;

namespace Photon.Gateway.Tests.Interop;

/// <summary>A script of tests/interop run with node, its JSON output lines readable one by one.</summary>
internal sealed class NodeScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];

    private NodeScript(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    public static NodeScript Start(string script, params string[] arguments)
    {
        var directory = Path.Combine(RepositoryRoot.Path, "tests", "interop");
        if (!Directory.Exists(Path.Combine(directory, "node_modules", "@portel", "photon-core")))
        {
            throw new InvalidOperationException($"the TypeScript clients are not installed: run `npm ci` in {directory} (the README's test command does)");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new NodeScript(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    /// <summary>The next line the script printed, parsed.</summary>
    public async Task<JsonElement> NextLineAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var line = await _process.StandardOutput.ReadLineAsync(timeout.Token)
            ?? throw new InvalidOperationException($"the script ended early (exit {(_process.HasExited ? _process.ExitCode : -1)}): {Stderr}");
        return JsonDocument.Parse(line).RootElement.Clone();
    }

    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
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
}
