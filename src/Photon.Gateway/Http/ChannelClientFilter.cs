using Photon.Gateway.Diagnostics;
using Photon.Gateway.Security;

namespace Photon.Gateway.Http;

/// <summary>
/// Finds out who is calling (see <see cref="ChannelAccess"/>) and hands the <see cref="ChannelClient"/> to the
/// endpoint as a request feature; answers 401 when a token is required and none valid was presented.
/// </summary>
internal sealed class ChannelClientFilter(ChannelAccess access, GatewayMetrics metrics) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var client = access.FromAuthorization(http.Request.Headers.Authorization, http.Connection.RemoteIpAddress);
        if (client is null)
        {
            metrics.Rejected("http", "unauthorized");
            return ValueTask.FromResult<object?>(HttpErrors.Unauthorized());
        }

        http.Features.Set(client);
        return next(context);
    }
}
