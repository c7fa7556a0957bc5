using System.Net;
using System.Net.Http.Headers;
using Photon.Bench.Measuring;

namespace Photon.Bench.Transports;

/// <summary>HTTP clients for publishing with POST and subscribing to event streams, the same for the gateway and nchan.</summary>
internal static class BenchHttp
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>A client with no cap on connections, so every publisher task and subscriber gets its own.</summary>
    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static async Task PostAsync(HttpClient client, Uri url, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = Json;
        using var response = await client.PostAsync(url, content, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
    }

    /// <summary>Opens an event stream and reads it through <paramref name="scanner"/> (or not at all, for idle subscribers).</summary>
    public static async Task<IAsyncDisposable> SubscribeAsync(HttpClient client, Uri url, LatencyScanner scanner, bool read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var status = (int)response.StatusCode;
            response.Dispose();
            throw new HttpRequestException($"GET {url} answered {status}");
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return new StreamSubscription(stream, response, scanner, read);
    }
}
