using Photon.Bench.Measuring;

namespace Photon.Bench.Transports;

/// <summary>The nchan peer: POST /pub/&lt;channel&gt;, an EventSource stream from /sub/&lt;channel&gt; per subscriber.</summary>
internal sealed class NchanTransport(Uri nginx, ServerProcess process) : ITransport
{
    private readonly HttpClient _subscribers = BenchHttp.CreateClient();

    public string Name => "nchan";

    public bool IsPeer => true;

    public ServerProcess Server => process;

    public Task<IAsyncDisposable> SubscribeAsync(string channel, LatencyScanner scanner, CancellationToken cancellationToken) =>
        BenchHttp.SubscribeAsync(_subscribers, Url("sub", channel), scanner, read: true, cancellationToken);

    public Task<IMessagePublisher> ConnectPublisherAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IMessagePublisher>(new HttpMessagePublisher(channel => Url("pub", channel)));

    private Uri Url(string location, string channel) => new(nginx, $"/{location}/{Uri.EscapeDataString(channel)}");

    public ValueTask DisposeAsync()
    {
        _subscribers.Dispose();
        return ValueTask.CompletedTask;
    }
}
