using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Photon.Channels.Wire;

namespace Photon.Cli.Statistics;

/// <summary>Asks a gateway for its active channels (<c>GET /channels</c>).</summary>
internal sealed class ChannelsClient(Uri url, string? token, TimeSpan timeout)
{
    /// <summary>The listing, and the body as the gateway sent it (for <c>--json</c>).</summary>
    /// <exception cref="CliException">Unreachable, refused, or an answer that is not a channel list.</exception>
    public async Task<(ChannelList Listing, string Body)> GetAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("application/json");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await client.SendAsync(request, deadline.Token).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new CliException(
                ExitCodes.Unreachable,
                $"listing channels failed: cannot reach the gateway at {url}: {(ex is OperationCanceledException ? $"no answer within {timeout.TotalSeconds:0} s" : ex.Message)}",
                ex);
        }

        if (status == HttpStatusCode.NotFound)
        {
            throw new CliException(ExitCodes.Refused, $"listing channels failed: {url} answered 404: this gateway has no GET /channels (is it older than this CLI?)");
        }

        if ((int)status is < 200 or > 299)
        {
            throw new CliException(ExitCodes.Refused, $"listing channels failed: the gateway at {url} refused: {(int)status} {status}{ErrorText(body)}");
        }

        try
        {
            var listing = JsonSerializer.Deserialize(body, PhotonJsonContext.Default.ChannelList);
            return listing?.Channels is null
                ? throw new JsonException("no \"channels\" array")
                : (listing, body);
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.Failure, $"listing channels failed: the gateway at {url} answered something that is not a channel list: {ex.Message}", ex);
        }
    }

    /// <summary>The gateway's <c>{"error":...,"message":...}</c>, read with the library's type, else the body as it is.</summary>
    private static string ErrorText(string body)
    {
        try
        {
            return JsonSerializer.Deserialize(body, PhotonJsonContext.Default.WireError) is { } error ? $": {error.Code}: {error.Message}" : string.Empty;
        }
        catch (JsonException)
        {
            return body.Length > 0 ? $": {body[..Math.Min(body.Length, 200)]}" : string.Empty;
        }
    }
}
