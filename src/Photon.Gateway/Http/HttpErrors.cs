using System.Globalization;
using Photon.Channels.Wire;

namespace Photon.Gateway.Http;

/// <summary>The JSON error answers of the HTTP endpoints: <c>{"error":"&lt;code&gt;","message":"..."}</c>.</summary>
internal static class HttpErrors
{
    public static IResult BadRequest(WireError error) => Json(error, StatusCodes.Status400BadRequest);

    public static IResult Unauthorized() =>
        Json(new WireError("unauthorized", "missing or invalid bearer token (Authorization: Bearer <token>)"), StatusCodes.Status401Unauthorized);

    public static IResult TooLarge(long limit) =>
        Json(new WireError("message_too_large", $"message body is larger than {limit} bytes"), StatusCodes.Status413PayloadTooLarge);

    public static IResult Unavailable(string detail) =>
        Json(new WireError("unavailable", $"the channel mesh is not reachable: {detail}"), StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A refusal with the status its code calls for: 403 for <c>forbidden</c>, 429 for <c>rate_limited</c> and
    /// <c>too_many_connections</c> (with <c>Retry-After</c> when <paramref name="retryAfter"/> is given), else 400.
    /// </summary>
    public static IResult Refused(HttpContext context, WireError error, TimeSpan retryAfter = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (retryAfter > TimeSpan.Zero)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return Json(error, error.Code switch
        {
            WireError.ForbiddenCode => StatusCodes.Status403Forbidden,
            WireError.RateLimitedCode or WireError.TooManyConnectionsCode => StatusCodes.Status429TooManyRequests,
            _ => StatusCodes.Status400BadRequest,
        });
    }

    public static IResult Json(WireError error, int statusCode) =>
        Results.Json(error, PhotonJsonContext.Wire.WireError, statusCode: statusCode);
}
