using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Http;

/// <summary>
/// A gateway with Kestrel's limits shortened for a test: request headers within two seconds (default 30), and a
/// request body at Kestrel's default minimum rate of 240 bytes a second after two seconds of grace (default five).
/// </summary>
public sealed class ShortTimeoutsGatewayFixture : IAsyncLifetime
{
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(2);

    public static readonly MinDataRate BodyRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(2));

    public GatewayHost Gateway { get; private set; } = null!;

    public async Task InitializeAsync() => Gateway = await GatewayHost.StartAsync(
        configure: builder => builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.RequestHeadersTimeout = HeadersTimeout;
            kestrel.Limits.MinRequestBodyDataRate = BodyRate;
        }));

    public async Task DisposeAsync() => await Gateway.DisposeAsync();
}

/// <summary>
/// Slowloris: clients that trickle their request headers or a <c>POST /publish</c> body a byte at a time hold a
/// connection each until Kestrel's limits cut them off, while everyone else is served.
/// </summary>
public sealed class SlowClientTests(ShortTimeoutsGatewayFixture fixture) : IClassFixture<ShortTimeoutsGatewayFixture>
{
    private const int SlowHeaderClients = 24;
    private const int SlowBodyClients = 12;
    private static readonly TimeSpan TrickleInterval = TimeSpan.FromMilliseconds(250);

    private readonly GatewayHost _gateway = fixture.Gateway;

    private sealed record Cutoff(TimeSpan After, string Answer);

    [Fact]
    public async Task Clients_that_trickle_headers_or_a_body_are_cut_off_while_a_normal_client_publishes_and_receives()
    {
        var limits = _gateway.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;
        Assert.Equal(ShortTimeoutsGatewayFixture.HeadersTimeout, limits.RequestHeadersTimeout);
        Assert.Same(ShortTimeoutsGatewayFixture.BodyRate, limits.MinRequestBodyDataRate);
        var bodyRate = ShortTimeoutsGatewayFixture.BodyRate;

        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, "/subscribe?channel=slowloris:healthy");
        await Eventually.TrueAsync(() => _gateway.SubscribersOf("slowloris:healthy") == 1, "the healthy stream is live");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var headerHead = Encoding.ASCII.GetBytes("GET /subscribe?channel=slowloris:x HTTP/1.1\r\nHost: test\r\nX-Slow: ");
        var bodyHead = Encoding.ASCII.GetBytes("POST /publish HTTP/1.1\r\nHost: test\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n");
        var slowHeaders = Enumerable.Range(0, SlowHeaderClients).Select(_ => TrickleAsync(headerHead, (byte)'a', stop.Token)).ToList();
        var slowBodies = Enumerable.Range(0, SlowBodyClients).Select(_ => TrickleAsync(bodyHead, (byte)' ', stop.Token)).ToList();
        var allSlow = Task.WhenAll(slowHeaders.Concat(slowBodies));

        // The healthy client publishes and receives over and over for as long as any slow client is connected.
        var sent = 0;
        do
        {
            sent++;
            await _gateway.Client.PublishAsync("slowloris:healthy", "tick", sent.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var received = await subscriber.NextEventAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(PublishHelpers.Expected("slowloris:healthy", "tick", sent.ToString(System.Globalization.CultureInfo.InvariantCulture)), received.Data);
        }
        while (!allSlow.IsCompleted);

        foreach (var cutoff in await Task.WhenAll(slowHeaders))
        {
            // Kestrel checks its timeouts once a second: cut at the headers timeout, give or take that, plus load.
            Assert.InRange(cutoff.After, ShortTimeoutsGatewayFixture.HeadersTimeout - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
            Assert.True(cutoff.Answer.Length == 0 || cutoff.Answer.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal), cutoff.Answer);
        }

        foreach (var cutoff in await Task.WhenAll(slowBodies))
        {
            // Four bytes a second is far below the minimum rate, enforced once the grace period is over. (The gateway
            // answers 408 as it should, but PublishEndpoint lets Kestrel's BadHttpRequestException through, so each is
            // also logged as an unhandled exception.)
            Assert.InRange(cutoff.After, bodyRate.GracePeriod - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15));
            Assert.True(cutoff.Answer.Length == 0 || cutoff.Answer.StartsWith("HTTP/1.1 408 ", StringComparison.Ordinal), cutoff.Answer);
        }

        Assert.True(sent >= 2, $"the healthy client only got {sent} round trips in");
        Assert.Equal(1, _gateway.SubscribersOf("slowloris:healthy"));
        Assert.Equal(0, _gateway.SubscribersOf("slowloris:x"));
    }

    /// <summary>
    /// Sends <paramref name="head"/>, then <paramref name="trickle"/> once per <see cref="TrickleInterval"/>, until the
    /// server ends the connection (a clean close or a reset); returns how long that took and what the server said.
    /// </summary>
    private async Task<Cutoff> TrickleAsync(byte[] head, byte trickle, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_gateway.BaseAddress.Host, _gateway.BaseAddress.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(head, cancellationToken);
        var clock = Stopwatch.StartNew();
        using var writing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writer = Task.Run(
            async () =>
            {
                try
                {
                    while (true)
                    {
                        await Task.Delay(TrickleInterval, writing.Token);
                        await stream.WriteAsync(new[] { trickle }, writing.Token);
                    }
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
                {
                    // Cut off (or told to stop): what matters is seen by the reader.
                }
            },
            CancellationToken.None);

        var answer = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // A reset is a cut too.
        }

        var after = clock.Elapsed;
        await writing.CancelAsync();
        await writer;
        return new Cutoff(after, answer.ToString());
    }
}
