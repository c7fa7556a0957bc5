using System.Globalization;
using Photon.Channels.Wire;

namespace Photon.Gateway.Http;

/// <summary>The JSON error answers of the HTTP endpoints: <c>{"error":"&lt;code&gt;","message":"..."}</c>.</summary>
internal static class HttpErrors
{
    public static IResult BadRequest(WireError error) => Json(error, StatusCodes.Status400BadRequest);

    public static IResult Unauthorized() =>
        Json(new WireError("unauthorized", "missing or invalid bearer token (Authorization: Bearer <token>)"), StatusCodes.Status401Unauthorized);

    public static IResult TooLarge(long limit) => Json(WireError.MessageTooLarge(limit), StatusCodes.Status413PayloadTooLarge);

    public static IResult Unavailable(string detail) => Json(WireError.Unavailable(detail), StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A refusal with the status its code calls for (<see cref="StatusOf"/>), with <c>Retry-After</c> when <paramref name="retryAfter"/> is given.
    /// </summary>
    public static IResult Refused(HttpContext context, WireError error, TimeSpan retryAfter = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (retryAfter > TimeSpan.Zero)
        {
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return Json(error, StatusOf(error));
    }

    /// <summary>The HTTP status a refusal with <paramref name="error"/> answers with.</summary>
    public static int StatusOf(WireError error) => error.Code switch
    {
        WireError.ForbiddenCode => StatusCodes.Status403Forbidden,
        WireError.RateLimitedCode or WireError.TooManyConnectionsCode => StatusCodes.Status429TooManyRequests,
        WireError.InvalidSignatureCode => StatusCodes.Status401Unauthorized,
        WireError.WebhookNotConfiguredCode => StatusCodes.Status404NotFound,
        WireError.IdempotencyKeyReusedCode => StatusCodes.Status422UnprocessableEntity,
        WireError.MessageTooLargeCode => StatusCodes.Status413PayloadTooLarge,
        WireError.UnavailableCode => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    public static IResult Json(WireError error, int statusCode) =>
        Results.Json(error, PhotonJsonContext.Wire.WireError, statusCode: statusCode);
}
