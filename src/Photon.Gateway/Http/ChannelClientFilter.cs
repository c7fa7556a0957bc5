using Photon.Gateway.Diagnostics;
using Photon.Gateway.Security;

namespace Photon.Gateway.Http;

/// <summary>
/// Finds out who is calling (see <see cref="ChannelAccess"/>) and hands the <see cref="ChannelClient"/> to the
/// endpoint as a request feature; answers 401 when a token is required and none valid was presented.
/// </summary>
/// <remarks>
/// Browsers cannot put an <c>Authorization</c> header on an <c>EventSource</c>, so <c>GET /subscribe</c> also takes
/// the token from the <see cref="TokenCookie"/> cookie (the console sets it, same-site only), as Mercure does. Only
/// there: it is a read, so a cookie sent along by the browser cannot make anyone publish; and not in the query
/// string, which request logs and proxies record.
/// </remarks>
internal sealed class ChannelClientFilter(ChannelAccess access, GatewayMetrics metrics) : IEndpointFilter
{
    /// <summary>The cookie that carries a bearer token for event streams opened by a browser.</summary>
    public const string TokenCookie = "photon_token";

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        var authorization = http.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0 && HttpMethods.IsGet(http.Request.Method) && http.Request.Path == "/subscribe"
            && http.Request.Cookies[TokenCookie] is { Length: > 0 } cookie)
        {
            authorization = "Bearer " + cookie;
        }

        var client = access.FromAuthorization(authorization.Length == 0 ? null : authorization, http.Connection.RemoteIpAddress);
        if (client is null)
        {
            metrics.Rejected(TransportTag.Http, "unauthorized");
            return ValueTask.FromResult<object?>(HttpErrors.Unauthorized());
        }

        http.Features.Set(client);
        return next(context);
    }
}
