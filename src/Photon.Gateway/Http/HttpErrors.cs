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

    public static IResult Json(WireError error, int statusCode) =>
        Results.Json(error, PhotonJsonContext.Default.WireError, statusCode: statusCode);
}
