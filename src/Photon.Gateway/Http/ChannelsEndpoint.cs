using Microsoft.AspNetCore.Http.Features;
using Photon.Channels;
using Photon.Channels.Wire;
using Photon.Gateway.Security;
using Photon.Grains.Contracts;

namespace Photon.Gateway.Http;

/// <summary>
/// <c>GET /channels[?pattern=board:*]</c>: the cluster's active channels with their subscribers by transport, rate
/// and head, from the channel directory grain; only what the client may subscribe to.
/// </summary>
internal static partial class ChannelsEndpoint
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<IResult> HandleAsync(HttpContext context, IGrainFactory grains, ILogger<ChannelList> logger, string? pattern = null)
    {
        if (!ChannelPattern.TryParse(string.IsNullOrEmpty(pattern) ? ChannelPattern.AllChannels : pattern, out var filter, out var error))
        {
            return HttpErrors.BadRequest(WireError.InvalidChannel(error!));
        }

        ChannelListing listing;
        try
        {
            listing = await grains.GetGrain<IChannelDirectoryGrain>(IChannelDirectoryGrain.Key)
                .GetChannelsAsync(filter.Value).WaitAsync(Timeout, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            Log.ListingFailed(logger, ex);
            return HttpErrors.Unavailable(ex.GetType().Name);
        }

        var scope = context.Features.GetRequiredFeature<ChannelClient>().Subscribe;
        var answer = new ChannelList(
            [.. listing.Channels.Where(c => scope.Allows(c.Channel)).Select(c => new ChannelSummary(
                c.Channel, ToWire(c.Subscribers), c.Published, Math.Round(c.MessagesPerSecond, 3), c.Head?.ToString()))],
            [.. listing.Patterns.Where(p => scope.Covers(ChannelPattern.Parse(p.Pattern))).Select(p => new PatternSummary(p.Pattern, ToWire(p.Subscribers)))]);
        return Results.Json(answer, PhotonJsonContext.Wire.ChannelList);
    }

    private static TransportCounts ToWire(SubscriberCounts counts) => new(counts.Sse, counts.Socket, counts.Redis);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Listing channels failed: the channel directory did not answer")]
        public static partial void ListingFailed(ILogger logger, Exception exception);
    }
}
