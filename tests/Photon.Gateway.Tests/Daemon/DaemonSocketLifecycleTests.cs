using System.Diagnostics;
using System.Text.Json;
using Photon.Testing;

namespace Photon.Gateway.Tests.Daemon;

public sealed class DaemonSocketLifecycleTests
{
    private static Dictionary<string, string?> InDirectory(string directory, string names = "kanban") => new()
    {
        ["Photon:Daemon:SocketDirectory"] = directory,
        ["Photon:Daemon:Names"] = names,
    };

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), $"photon-{Guid.NewGuid():N}"[..16]);

    [Fact]
    public async Task A_stale_socket_left_by_a_dead_process_is_replaced()
    {
        var directory = NewDirectory();
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "kanban.sock");
        // A process that dies with SIGKILL while listening leaves its socket file behind (.NET would clean up its own).
        using (var dying = Process.Start("node", ["-e", $"require('net').createServer().listen({JsonSerializer.Serialize(path)}, () => process.kill(process.pid, 'SIGKILL'))"]))
        {
            await dying.WaitForExitAsync();
        }

        Assert.True(File.Exists(path));
        await using var gateway = await GatewayHost.StartAsync(InDirectory(directory));
        await using var client = await DaemonTestClient.ConnectAsync(path);
        await client.SendLineAsync("""{"type":"ping","id":"1"}""");
        Assert.Equal("""{"type":"pong","id":"1"}""", await client.ReadLineAsync());
    }

    [Fact]
    public async Task A_socket_a_live_process_answers_on_is_not_stolen()
    {
        var directory = NewDirectory();
        await using var first = await GatewayHost.StartAsync(InDirectory(directory));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayHost.StartAsync(InDirectory(directory)));
        Assert.Contains("another process is listening on", error.Message, StringComparison.Ordinal);

        await using var client = await DaemonTestClient.ConnectAsync(first.SocketPath("kanban"));
        await client.SendLineAsync("""{"type":"ping","id":"1"}""");
        Assert.Equal("""{"type":"pong","id":"1"}""", await client.ReadLineAsync());
    }

    [Fact]
    public async Task Stopping_sends_the_shutdown_notice_to_every_connection_and_removes_the_socket()
    {
        var gateway = await GatewayHost.StartAsync(InDirectory(NewDirectory(), "a,b"));
        await using var onA = await DaemonTestClient.ConnectAsync(gateway.SocketPath("a"));
        await using var onB = await DaemonTestClient.ConnectAsync(gateway.SocketPath("b"));
        await onA.SubscribeAsync("stop:a");
        await onB.SendLineAsync("""{"type":"ping","id":"1"}""");
        await onB.ReadLineAsync();

        await gateway.DisposeAsync();

        const string notice = """{"type":"shutdown","id":"daemon-shutdown","reason":"daemon-shutting-down"}""";
        Assert.Equal(notice, await onA.ReadLineAsync());
        Assert.Equal(notice, await onB.ReadLineAsync());
        Assert.False(File.Exists(gateway.SocketPath("a")));
    }
}
