using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Photon.Gateway.Console;
using Photon.Gateway.Daemon;
using Photon.Gateway.Diagnostics;
using Photon.Gateway.Fanout;
using Photon.Gateway.Http;
using Photon.Gateway.Publishing;
using Photon.Gateway.Redis;
using Photon.Gateway.Security;
using Photon.Gateway.Webhooks;
using Photon.Gateway.Statistics;
using Photon.Grains.Hosting;

namespace Photon.Gateway.Hosting;

/// <summary>Wires the gateway into an ASP.NET Core application.</summary>
public static class PhotonGatewayExtensions
{
    /// <summary>
    /// Adds the gateway's services and joins the channel mesh: by default by co-hosting a silo, or as a client
    /// of an existing cluster when <c>Photon:Cluster:Mode</c> is <c>Client</c>.
    /// </summary>
    public static WebApplicationBuilder AddPhotonGateway(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        configuration.AddPhotonEnvironmentVariables();

        // Orleans first: hosted services start in registration order, and the bridges below need the mesh running.
        var cluster = PhotonClusterOptions.From(configuration);
        if (cluster.Mode == PhotonClusterMode.Client)
        {
            builder.UseOrleansClient(client => client.UsePhotonClustering(configuration).AddPhotonChannels(configuration));
        }
        else
        {
            builder.UseOrleans(silo => silo.UsePhotonClustering(configuration).AddPhotonChannels(configuration));
        }

        // Kestrel's own limits (request header timeout, body and response data rates, connection counts) from Kestrel:Limits.
        builder.Services.Configure<KestrelServerOptions>(kestrel => configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling =
            configuration.GetValue($"{GatewayOptions.SectionName}:{nameof(GatewayOptions.InlineSocketScheduling)}", defaultValue: true));
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>>(new GatewayOptionsValidator(options => _ = new ChannelAccess(options)));
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>>(new GatewayOptionsValidator(options => _ = new WebhookRoutes(options)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GatewayMetrics>();
        builder.Services.AddSingleton<ChannelAccess>();
        builder.Services.AddSingleton<PublishRateLimiter>();
        builder.Services.AddSingleton<ConnectionLimiter>();
        builder.Services.AddSingleton<ChannelFanout>();
        builder.Services.AddSingleton<ChannelPublisher>();
        builder.Services.AddSingleton<ChannelClientFilter>();
        builder.Services.AddSingleton<WebhookRoutes>();
        builder.Services.AddOptions<DaemonOptions>()
            .Bind(configuration.GetSection(DaemonOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<DaemonServices>();
        builder.Services.AddSingleton<DaemonSocketServer>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DaemonSocketServer>());
        builder.Services.Configure<RedisBridgeOptions>(configuration.GetSection(RedisBridgeOptions.SectionName));
        builder.Services.Configure<PhotonClusterOptions>(configuration.GetSection(PhotonClusterOptions.SectionName));
        builder.Services.AddSingleton<RedisBridge>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RedisBridge>());
        builder.Services.AddPhotonStatisticsOptions(configuration);
        builder.Services.AddSingleton<SubscriberCensus>();
        builder.Services.AddSingleton<SubscriptionReporter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<SubscriptionReporter>());
        builder.Services.AddSingleton<ConsoleAssets>();
        builder.AddPhotonMetrics();

        return builder;
    }

    /// <summary>
    /// Maps <c>POST /publish</c>, <c>GET /subscribe</c>, <c>POST /webhooks/{channel}</c>, <c>GET /channels</c>, <c>GET /healthz</c>, <c>GET /readyz</c>,
    /// the metrics endpoint (<c>/metrics</c>) and the console (<c>/</c>, <c>/kanban</c>).
    /// </summary>
    public static WebApplication MapPhotonGateway(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var channels = app.MapGroup(string.Empty).AddEndpointFilter<ChannelClientFilter>();
        channels.MapPost("/publish", PublishEndpoint.HandleAsync);
        channels.MapGet("/subscribe", SubscribeEndpoint.HandleAsync);
        channels.MapGet("/channels", ChannelsEndpoint.HandleAsync);

        // Not behind the bearer-token filter: a webhook's signature is its credential (see WebhookEndpoint).
        app.MapPost("/webhooks/{channel}", WebhookEndpoint.HandleAsync);
        app.MapGet("/healthz", HealthEndpoint.HandleAsync);
        app.MapGet("/readyz", ReadinessEndpoint.HandleAsync);
        app.MapPhotonMetrics();
        app.MapPhotonConsole();
        return app;
    }
}
