using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Photon.Channels.Internal;
using Photon.Channels.Wire;

namespace Photon.Channels.Http;

/// <summary>
/// Publishes with HTTP POST and subscribes with Server-Sent Events, against the Photon gateway or any server
/// that speaks the same protocol as the TypeScript HttpBroker.
/// </summary>
/// <remarks>
/// What it does that the TypeScript client does not: every handler of a channel shares one event stream and
/// each is called; CRLF streams and events split across reads parse; a stream that ends for any reason,
/// cleanly or not, is reopened with backoff and <c>Last-Event-ID</c>, so the server replays what was missed.
/// </remarks>
public sealed partial class HttpBroker : IChannelBroker
{
    /// <summary>The registry name of this broker.</summary>
    public const string TypeName = "http";

    private readonly HttpBrokerOptions _options;
    private readonly HttpClient _client;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HttpChannelStream> _sharedStreams = new(StringComparer.Ordinal);
    private readonly HashSet<HttpChannelStream> _streams = [];
    private volatile bool _lastPublishFailed;
    private bool _disposed;

    /// <summary>Creates a broker; it connects lazily, on the first publish or subscribe.</summary>
    public HttpBroker(HttpBrokerOptions options, ILogger<HttpBroker>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _client = new HttpClient(options.Handler ?? new SocketsHttpHandler(), disposeHandler: options.Handler is null)
        {
            // Streams stay open indefinitely; publish and connect timeouts are applied per request.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    /// <inheritdoc />
    public string Type => TypeName;

    /// <inheritdoc />
    /// <remarks>True while every open subscription's stream is connected and the last publish reached the server.</remarks>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return !_disposed && !_lastPublishFailed && _streams.All(s => s.IsOpen);
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<ChannelPosition?> PublishAsync(ChannelMessage message, CancellationToken cancellationToken = default) =>
        SendAsync(message, idempotencyKey: null, cancellationToken);

    /// <summary>
    /// Publishes with an <c>Idempotency-Key</c>: when a publish failed with an unknown outcome (no answer, a
    /// timeout, a 503), call this again with the same message and key, on any gateway of the cluster, and the
    /// message is stored once; the answer is the original position. Give the message its <c>Timestamp</c> before
    /// the first attempt: a retry must send the same body, or the gateway refuses it as a reused key.
    /// </summary>
    /// <exception cref="ChannelBrokerException">The server refused the message or could not be reached.</exception>
    public ValueTask<ChannelPosition?> PublishOnceAsync(ChannelMessage message, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idempotencyKey);
        return SendAsync(message, idempotencyKey, cancellationToken);
    }

    private async ValueTask<ChannelPosition?> SendAsync(ChannelMessage message, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var url = _options.PublishUrl ?? throw new InvalidOperationException("HTTP broker: publishUrl not configured (set PHOTON_CHANNEL_HTTP_URL)");
        var body = ChannelMessageJson.Serialize(message.WithTimestamp());

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var request = CreateRequest(HttpMethod.Post, url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        try
        {
            using var response = await _client.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            _lastPublishFailed = false;
            if (!response.IsSuccessStatusCode)
            {
                throw new ChannelBrokerException($"HTTP publish failed: {(int)response.StatusCode} {response.ReasonPhrase} - {text}");
            }

            return ReadPosition(text);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            _lastPublishFailed = true;
            throw new ChannelBrokerException($"HTTP publish to {url} failed: {(ex is OperationCanceledException ? $"no answer within {_options.Timeout}" : ex.Message)}", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IChannelSubscription> SubscribeAsync(
        string channel,
        ChannelMessageHandler handler,
        ChannelSubscribeOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var pattern = ChannelPattern.Parse(channel);
        ArgumentNullException.ThrowIfNull(handler);
        var url = _options.EffectiveSubscribeUrl ?? throw new InvalidOperationException("HTTP broker: subscribeUrl not configured (set PHOTON_CHANNEL_SSE_URL or PHOTON_CHANNEL_HTTP_URL)");
        var subscription = new HttpSubscription(this, channel, handler, options?.OnGap);

        // A handler that resumes from its own position needs its own stream; the others share one per channel.
        var shared = options?.LastEventId is null;
        HttpChannelStream? stream = null;
        bool created;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (shared && _sharedStreams.TryGetValue(channel, out var existing) && !existing.IsStopped)
            {
                stream = existing;
            }

            created = stream is null;
            if (stream is null)
            {
                stream = new HttpChannelStream(this, pattern, url, options?.LastEventId, shared);
                _streams.Add(stream);
                if (shared)
                {
                    _sharedStreams[channel] = stream;
                }
            }

            stream.Add(subscription);
            subscription.Stream = stream;
        }

        try
        {
            await stream.WaitUntilOpenAsync(created, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return subscription;
    }

    /// <inheritdoc />
    public ValueTask DisconnectAsync(CancellationToken cancellationToken = default)
    {
        HttpChannelStream[] streams;
        lock (_gate)
        {
            streams = [.. _streams];
            _streams.Clear();
            _sharedStreams.Clear();
        }

        foreach (var stream in streams)
        {
            stream.Stop();
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await DisconnectAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    internal HttpRequestMessage CreateRequest(HttpMethod method, Uri url)
    {
        var request = new HttpRequestMessage(method, url);
        foreach (var (name, value) in _options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (_options.AuthToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    internal HttpClient Client => _client;

    internal HttpBrokerOptions Options => _options;

    internal ILogger Logger => _logger;

    /// <summary>Removes a handler; the last handler of a stream closes it.</summary>
    internal void Remove(HttpSubscription subscription)
    {
        HttpChannelStream? emptied = null;
        lock (_gate)
        {
            if (subscription.Stream is { } stream && stream.Remove(subscription))
            {
                emptied = stream;
                _streams.Remove(stream);
                if (stream.IsShared && _sharedStreams.TryGetValue(subscription.Channel, out var current) && current == stream)
                {
                    _sharedStreams.Remove(subscription.Channel);
                }
            }
        }

        emptied?.Stop();
    }

    private static ChannelPosition? ReadPosition(string responseBody)
    {
        try
        {
            return JsonSerializer.Deserialize(responseBody, PhotonJsonContext.Default.PublishReceipt)?.Position;
        }
        catch (JsonException)
        {
            // Any 2xx is success, as in the TypeScript client; a server that says nothing parseable assigns no position we know.
            return null;
        }
    }
}
