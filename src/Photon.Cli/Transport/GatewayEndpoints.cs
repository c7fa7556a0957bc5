using Photon.Channels;
using Photon.Channels.Http;

namespace Photon.Cli.Transport;

/// <summary>
/// The gateway's HTTP endpoints, found from one URL: its base (<c>http://127.0.0.1:8080</c>) or its publish
/// endpoint (<c>.../publish</c>, the form <c>PHOTON_CHANNEL_HTTP_URL</c> takes).
/// </summary>
internal sealed record GatewayEndpoints(Uri Publish, Uri Subscribe, Uri Channels)
{
    /// <summary>Where <c>photon-channels serve</c> listens unless told otherwise (the gateway's default <c>Urls</c>).</summary>
    public static readonly Uri DefaultBase = new("http://127.0.0.1:8080/");

    /// <summary>The endpoints of the gateway at <paramref name="url"/>: a base URL, or a URL ending in <c>/publish</c>.</summary>
    public static GatewayEndpoints From(Uri url)
    {
        var publish = IsPublishUrl(url)
            ? url
            : new Uri(url.AbsolutePath.EndsWith('/') ? url : new UriBuilder(url) { Path = url.AbsolutePath + "/" }.Uri, "publish");
        return new GatewayEndpoints(publish, new Uri(publish, "subscribe"), new Uri(publish, "channels"));
    }

    /// <summary>
    /// The endpoints the environment names: <c>PHOTON_CHANNEL_HTTP_URL</c> (publish) and <c>PHOTON_CHANNEL_SSE_URL</c>
    /// (subscribe), read by the library; <see cref="DefaultBase"/> when the publish URL is not set.
    /// </summary>
    /// <remarks>
    /// The TypeScript HttpBroker subscribes at the publish URL when no SSE URL is set, but the gateway serves
    /// <c>GET /subscribe</c> beside <c>POST /publish</c>, so a publish URL ending in <c>/publish</c> gets that sibling.
    /// </remarks>
    /// <exception cref="UriFormatException">A variable is not an absolute http(s) URL.</exception>
    public static GatewayEndpoints FromEnvironment(Func<string, string?> environment)
    {
        var options = HttpBrokerOptions.FromEnvironment(environment);
        var endpoints = options.PublishUrl is { } publish
            ? IsPublishUrl(publish) ? From(publish) : new GatewayEndpoints(publish, publish, new Uri(publish, "channels"))
            : From(DefaultBase);
        return options.SubscribeUrl is { } subscribe ? endpoints with { Subscribe = subscribe } : endpoints;
    }

    /// <summary>
    /// The gateway a command talks to: <paramref name="url"/> (<c>--url</c>) when given, else the environment's,
    /// else <see cref="DefaultBase"/>. A URL that is not absolute http(s) is a usage error.
    /// </summary>
    public static GatewayEndpoints Resolve(string? url, Func<string, string?> environment)
    {
        try
        {
            return url is null ? FromEnvironment(environment) : From(ParseUrl(url));
        }
        catch (UriFormatException ex)
        {
            throw CliException.Usage(ex.Message);
        }
    }

    /// <summary>Parses a <c>--url</c> value; a usage error unless it is an absolute http(s) URL.</summary>
    private static Uri ParseUrl(string text) =>
        Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw CliException.Usage($"--url must be an absolute http(s) URL such as http://127.0.0.1:8080 (got '{text}')");

    /// <summary>The channels endpoint, with <c>?pattern=</c> when given.</summary>
    public Uri ChannelsFor(ChannelPattern? pattern) => pattern is { } p
        ? new UriBuilder(Channels) { Query = "pattern=" + Uri.EscapeDataString(p.Value) }.Uri
        : Channels;

    private static bool IsPublishUrl(Uri url) => url.AbsolutePath.EndsWith("/publish", StringComparison.Ordinal);
}
