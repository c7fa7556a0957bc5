namespace Photon.Bench.Transports;

/// <summary>Publishes with HTTP POST over keep-alive connections: one per concurrent publish.</summary>
internal sealed class HttpMessagePublisher(Func<string, Uri> publishUrl) : IMessagePublisher
{
    private readonly HttpClient _client = BenchHttp.CreateClient();

    public Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken) =>
        BenchHttp.PostAsync(_client, publishUrl(channel), message, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
