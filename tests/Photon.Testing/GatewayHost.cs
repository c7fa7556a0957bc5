using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Photon.Gateway.Fanout;
using Photon.Gateway.Hosting;

namespace Photon.Testing;

/// <summary>
/// A real gateway, built by the same extension methods as <c>Program.cs</c>, with its embedded silo, listening
/// on free loopback ports. Tests talk to it over real HTTP.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri baseAddress, string socketDirectory)
    {
        _app = app;
        BaseAddress = baseAddress;
        SocketDirectory = socketDirectory;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    /// <summary>Where this gateway's daemon sockets are (a fresh directory per host unless the settings name one).</summary>
    public string SocketDirectory { get; }

    /// <summary>The path of the daemon socket called <paramref name="name"/>.</summary>
    public string SocketPath(string name = "unknown") => Path.Combine(SocketDirectory, name + ".sock");

    public HttpClient Client { get; }

    public Uri PublishUrl => new(BaseAddress, "/publish");

    public Uri SubscribeUrl => new(BaseAddress, "/subscribe");

    public IServiceProvider Services => _app.Services;

    /// <summary>How many local subscribers the gateway holds for a channel or pattern.</summary>
    public int SubscribersOf(string pattern) => _app.Services.GetRequiredService<ChannelFanout>().SubscriberCount(pattern);

    /// <param name="settings">Configuration on top of the test defaults.</param>
    /// <param name="configure">
    /// Anything configuration cannot say, applied after <c>AddPhotonGateway</c>: Kestrel's limits, for one, are not
    /// read from a <c>Kestrel:Limits</c> section (<c>builder.WebHost.ConfigureKestrel(...)</c> sets them).
    /// </param>
    public static async Task<GatewayHost> StartAsync(IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Testing",
            ContentRootPath = AppContext.BaseDirectory,
        });
        var siloPort = FreePort.Next();
        var values = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Photon:Cluster:SiloPort"] = siloPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Photon:Cluster:GatewayPort"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Photon:Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Photon:Daemon:SocketDirectory"] = Path.Combine(Path.GetTempPath(), $"photon-{Guid.NewGuid():N}"[..16]),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        builder.AddPhotonGateway();
        configure?.Invoke(builder);
        var app = builder.Build();
        app.MapPhotonGateway();
        await app.StartAsync();
        return new GatewayHost(app, new Uri(app.Urls.First()), values["Photon:Daemon:SocketDirectory"]!);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (Directory.Exists(SocketDirectory) && Directory.GetFileSystemEntries(SocketDirectory).Length == 0)
        {
            Directory.Delete(SocketDirectory);
        }
    }
}
