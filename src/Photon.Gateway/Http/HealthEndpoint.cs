using Photon.Grains.Contracts;

namespace Photon.Gateway.Http;

/// <summary><c>GET /healthz</c>: 200 once a grain call goes through, so the gateway can publish; 503 otherwise.</summary>
internal static class HealthEndpoint
{
    /// <summary>The channel whose grain the probe asks for its head; nothing is ever published to it.</summary>
    public const string ProbeChannel = "$photon:healthz";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<IResult> HandleAsync(IGrainFactory grains, CancellationToken cancellationToken) =>
        await ProbeMeshAsync(grains, cancellationToken).ConfigureAwait(false) is { } failure
            ? HttpErrors.Unavailable(failure)
            : Results.Text("""{"status":"ok"}""", "application/json");

    /// <summary>Asks a grain for its head: null when the mesh answered, else what went wrong.</summary>
    public static async Task<string?> ProbeMeshAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        try
        {
            await grains.GetGrain<IChannelGrain>(ProbeChannel).GetHeadAsync().AsTask().WaitAsync(Timeout, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return ex.GetType().Name;
        }
    }
}
