using Photon.Bench.Measuring;

namespace Photon.Bench.Transports;

/// <summary>Ours over HTTP: POST /publish, one <c>GET /subscribe</c> event stream per subscriber.</summary>
internal sealed class GatewaySseTransport(Uri gateway, ServerProcess process) : ITransport
{
    private readonly HttpClient _subscribers = BenchHttp.CreateClient();

    public string Name => "sse";

    public bool IsPeer => false;

    public ServerProcess Server => process;

    public Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, CancellationToken cancellationToken) =>
        SubscribeAsync(channel, scanner, read: true, cancellationToken);

    /// <summary>A subscriber that may never read (<paramref name="read"/> false): the idle-capacity scenario.</summary>
    public Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, bool read, CancellationToken cancellationToken) =>
        BenchHttp.SubscribeAsync(_subscribers, new Uri(gateway, $"/subscribe?channel={Uri.EscapeDataString(channel)}"), scanner, read, cancellationToken);

    public Task<IMessagePublisher> ConnectPublisherAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IMessagePublisher>(new HttpMessagePublisher(_ => new Uri(gateway, "/publish")));

    public ValueTask DisposeAsync()
    {
        _subscribers.Dispose();
        return ValueTask.CompletedTask;
    }
}
