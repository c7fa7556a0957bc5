using Photon.Gateway.Daemon;
using Photon.Gateway.Redis;

namespace Photon.Gateway.Http;

/// <summary>
/// <c>GET /readyz</c>: 200 when the gateway can serve every transport it is configured for: a grain call goes
/// through, the daemon sockets listen (unless disabled) and the Redis bridge has started (when a Redis URL is set);
/// 503 otherwise. The body says which part is not ready.
/// </summary>
/// <remarks>
/// A Redis that is down after the bridge started does not make the gateway unready: HTTP and the sockets keep
/// working, the bridge reconnects by itself, and taking the gateway out of a load balancer would not bring Redis back.
/// </remarks>
internal static class ReadinessEndpoint
{
    public static async Task<IResult> HandleAsync(IGrainFactory grains, DaemonSocketServer daemon, RedisBridge redis, CancellationToken cancellationToken)
    {
        var mesh = await HealthEndpoint.ProbeMeshAsync(grains, cancellationToken).ConfigureAwait(false) ?? "ok";
        var sockets = !daemon.IsEnabled ? "off" : daemon.IsListening ? "listening" : "starting";
        var bridge = !redis.IsConfigured ? "off" : !redis.IsStarted ? "starting" : redis.IsConnected ? "connected" : "disconnected";
        var ready = mesh == "ok" && sockets != "starting" && bridge != "starting";
        return Results.Json(
            new ReadinessReport(ready ? "ready" : "not_ready", mesh, sockets, bridge),
            GatewayJsonContext.Default.ReadinessReport,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
