namespace Photon.Channels.Http;

/// <summary>How an <see cref="HttpBroker"/> reaches its server.</summary>
public sealed class HttpBrokerOptions
{
    /// <summary>Where to POST messages (<c>PHOTON_CHANNEL_HTTP_URL</c>), for example <c>http://127.0.0.1:8080/publish</c>.</summary>
    public Uri? PublishUrl { get; set; }

    /// <summary>Where to open event streams (<c>PHOTON_CHANNEL_SSE_URL</c>); the publish URL when not set.</summary>
    public Uri? SubscribeUrl { get; set; }

    /// <summary>Sent as <c>Authorization: Bearer &lt;token&gt;</c> (<c>PHOTON_CHANNEL_AUTH_TOKEN</c>).</summary>
    public string? AuthToken { get; set; }

    /// <summary>Extra headers sent with every request.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long a publish, or the opening of a stream, may take. Default 30 s, as in the TypeScript client.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first wait before reopening a stream that ended; it doubles on each failure up to <see cref="MaxReconnectDelay"/>. A server's <c>retry:</c> replaces it.</summary>
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest wait between reconnection attempts. Default 30 s.</summary>
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The HTTP handler to send through (a proxy, custom TLS); a new <see cref="SocketsHttpHandler"/> when not set.</summary>
    public HttpMessageHandler? Handler { get; set; }

    /// <summary>The subscribe URL in effect.</summary>
    internal Uri? EffectiveSubscribeUrl => SubscribeUrl ?? PublishUrl;

    /// <summary>Options from <c>PHOTON_CHANNEL_HTTP_URL</c>, <c>PHOTON_CHANNEL_SSE_URL</c> and <c>PHOTON_CHANNEL_AUTH_TOKEN</c>.</summary>
    /// <exception cref="UriFormatException">A URL variable is not an absolute URL.</exception>
    public static HttpBrokerOptions FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new HttpBrokerOptions
        {
            PublishUrl = ParseUrl(environment(PhotonEnvironment.HttpUrl), PhotonEnvironment.HttpUrl),
            SubscribeUrl = ParseUrl(environment(PhotonEnvironment.SseUrl), PhotonEnvironment.SseUrl),
            AuthToken = environment(PhotonEnvironment.AuthToken) is { Length: > 0 } token ? token : null,
        };
    }

    private static Uri? ParseUrl(string? value, string variable)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Uri.TryCreate(value.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new UriFormatException($"{variable} must be an absolute http(s) URL (got '{value}')");
    }
}
