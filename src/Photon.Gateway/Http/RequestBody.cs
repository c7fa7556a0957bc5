using System.Buffers;
using Microsoft.AspNetCore.Http.Features;

namespace Photon.Gateway.Http;

/// <summary>Reads a request's body whole, up to a limit, for the endpoints that publish it.</summary>
internal static class RequestBody
{
    /// <summary>The body, or <see langword="null"/> when it is longer than <paramref name="limit"/>.</summary>
    /// <exception cref="BadHttpRequestException">The client sent its body too slowly or broke it off (Kestrel's limits).</exception>
    public static async Task<byte[]?> ReadAsync(HttpContext context, long limit)
    {
        if (context.Request.ContentLength > limit)
        {
            return null;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            // Let the server stop reading at the limit too, one byte beyond so that we can tell "too large".
            sizeFeature.MaxRequestBodySize = limit + 1L;
        }

        var reader = context.Request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (buffer.Length > limit)
                {
                    reader.AdvanceTo(buffer.End);
                    return null;
                }

                if (result.IsCompleted)
                {
                    var body = buffer.ToArray();
                    reader.AdvanceTo(buffer.End);
                    return body;
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
