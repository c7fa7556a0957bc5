using System.Globalization;
using Photon.Cli.Tests.Helpers;
using Photon.Testing;

namespace Photon.Cli.Tests.Commands;

/// <summary><c>serve</c> runs the gateway in the tool's own process, configured like the gateway; SIGTERM stops it gracefully.</summary>
[Trait("Category", "Integration")]
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_runs_a_gateway_that_publish_and_subscribe_reach_over_http_and_the_socket_and_stops_with_exit_0()
    {
        var port = FreePort.Next();
        var url = $"http://127.0.0.1:{port}";
        var sockets = Path.Combine(Path.GetTempPath(), $"photon-serve-{Guid.NewGuid():N}"[..20]);
        await using var serve = CliProcess.Start(
            ["serve", "--urls", url, $"--Photon:Cluster:ClusterId=cli-{Guid.NewGuid():N}", "--Photon:Daemon:Names=unknown,kanban"],
            new Dictionary<string, string?>
            {
                ["PHOTON_SOCKET_DIR"] = sockets,
                ["PHOTON_SILO_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
                ["PHOTON_SILO_GATEWAY_PORT"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            });
        using var http = new HttpClient();
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return (await http.GetAsync($"{url}/healthz")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            "the served gateway answers /healthz",
            TimeSpan.FromSeconds(60));

        await using var subscriber = CliProcess.Start(["subscribe", "kanban:board", "--json", "-n", "1", "--url", url]);
        await subscriber.WaitForErrorAsync("subscribed to");
        var published = await CliProcess.RunAsync(["publish", "kanban:board", "task-moved", "{\"taskId\":\"7\"}"], new Dictionary<string, string?> { ["PHOTON_SOCKET_DIR"] = sockets });

        Assert.Equal(0, published.ExitCode);
        Assert.StartsWith("""{"channel":"kanban:board","event":"task-moved","data":{"taskId":"7"},"timestamp":""", await subscriber.NextOutputLineAsync(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(sockets, "kanban.sock")));

        await serve.TerminateAsync();
        var result = await serve.WaitForExitAsync();
        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"Now listening on: {url}", result.Output, StringComparison.Ordinal);
    }
}
