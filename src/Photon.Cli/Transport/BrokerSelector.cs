using Photon.Channels;
using Photon.Channels.Daemon;
using Photon.Channels.Http;
using Photon.Channels.NoOp;
using Photon.Channels.Redis;

namespace Photon.Cli.Transport;

/// <summary>
/// Chooses and creates the broker for <c>publish</c> and <c>subscribe</c>: the transport the command line names,
/// else the one the library's registry detects from the <c>PHOTON_*</c> variables, else the gateway on
/// <see cref="GatewayEndpoints.DefaultBase"/>, where <c>photon-channels serve</c> listens.
/// </summary>
internal sealed class BrokerSelector(Func<string, string?> environment)
{
    private readonly ChannelBrokerRegistry _registry = new(environment);

    /// <summary>Creates the broker; nothing is connected yet.</summary>
    /// <param name="request">What the command line asked for.</param>
    /// <param name="publishChannel">The channel a publish goes to, which decides the daemon socket when no name is configured.</param>
    public SelectedBroker Select(TransportRequest request, string? publishChannel = null)
    {
        var transport = request.Transport
            ?? (request.Socket is not null ? TransportNames.Socket : null)
            ?? TransportOfUrl(request.Url)
            ?? Detect();
        return transport switch
        {
            TransportNames.Http => Http(request),
            TransportNames.Socket => Daemon(request, publishChannel),
            TransportNames.Redis => Redis(request),
            _ => new SelectedBroker(_registry.Create(transport), transport, "(configured by its own environment variables)"),
        };
    }

    /// <summary>Hides the password of a URL that carries one.</summary>
    public static string Redact(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.UserInfo.Length > 0
            ? new UriBuilder(parsed) { UserName = "***", Password = string.Empty }.Uri.ToString()
            : url;

    private static string? TransportOfUrl(string? url) => url switch
    {
        null => null,
        _ when url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase) => TransportNames.Redis,
        _ => TransportNames.Http,
    };

    /// <summary>The registry's own detection, so that the CLI picks what any Photon program in this environment would.</summary>
    private string Detect()
    {
        IChannelBroker detected;
        try
        {
            detected = _registry.Detect();
        }
        catch (Exception ex) when (ex is ArgumentException or UriFormatException or InvalidOperationException)
        {
            throw CliException.Usage($"the environment does not configure a usable broker: {ex.Message}");
        }

        // Brokers connect lazily: the detected one has opened nothing, and the command builds its own from the same variables.
        var type = detected.Type;
        detected.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return type switch
        {
            DaemonBroker.TypeName => TransportNames.Socket,

            // Nothing configured: a CLI that silently publishes nowhere helps nobody; the local gateway is the likely target.
            NoOpBroker.TypeName when string.IsNullOrEmpty(environment(PhotonEnvironment.Broker)) => TransportNames.Http,
            _ => type,
        };
    }

    private SelectedBroker Http(TransportRequest request)
    {
        var endpoints = GatewayEndpoints.Resolve(request.Url, environment);
        var options = new HttpBrokerOptions
        {
            PublishUrl = endpoints.Publish,
            SubscribeUrl = endpoints.Subscribe,
            AuthToken = request.AuthToken(environment),

            // A tail is interactive: a gateway restart should not leave it waiting up to the library's 30 s backoff.
            MaxReconnectDelay = TimeSpan.FromSeconds(5),
        };
        return new SelectedBroker(_registry.Create(HttpBroker.TypeName, options), TransportNames.Http, endpoints.Publish.ToString(), endpoints.Subscribe.ToString());
    }

    private SelectedBroker Daemon(TransportRequest request, string? publishChannel)
    {
        var options = DaemonBrokerOptions.FromEnvironment(environment);
        options.SocketPath = request.Socket is { } socket ? Path.GetFullPath(DaemonSocketPath.ExpandHome(socket)) : FindSocket(options, publishChannel);
        options.MaxReconnectDelay = TimeSpan.FromSeconds(5);
        return new SelectedBroker(_registry.Create(DaemonBroker.TypeName, options), TransportNames.Socket, options.SocketPath);
    }

    private SelectedBroker Redis(TransportRequest request)
    {
        var options = RedisBrokerOptions.FromEnvironment(environment);
        if (request.Url is { } url)
        {
            options.Url = url;
        }

        return new SelectedBroker(_registry.Create(RedisBroker.TypeName, options), TransportNames.Redis, Redact(options.Url));
    }

    /// <summary>
    /// The daemon socket to use when none was named: <c>PHOTON_NAME</c>'s; for a publish, the socket named after the
    /// channel's prefix when there is one (the TypeScript client's rule); else <c>unknown.sock</c>, where the gateway
    /// listens by default; else the first socket in the directory.
    /// </summary>
    private static string FindSocket(DaemonBrokerOptions options, string? publishChannel)
    {
        if (options.PhotonName != DaemonSocketPath.UnknownName)
        {
            return DaemonSocketPath.For(options.PhotonName, options.SocketDirectory);
        }

        var separator = publishChannel?.IndexOf(ChannelName.Separator, StringComparison.Ordinal) ?? -1;
        var prefix = separator > 0 ? publishChannel![..separator] : null;
        var candidates = new[] { prefix, DaemonSocketPath.UnknownName }
            .OfType<string>()
            .Select(name => DaemonSocketPath.For(name, options.SocketDirectory));
        var directory = DaemonSocketPath.Directory(options.SocketDirectory);
        IEnumerable<string> any = Directory.Exists(directory) ? Directory.EnumerateFiles(directory, "*.sock").Order(StringComparer.Ordinal) : [];
        return candidates.Concat(any).FirstOrDefault(File.Exists) ?? DaemonSocketPath.For(DaemonSocketPath.UnknownName, options.SocketDirectory);
    }
}
