namespace Photon.Gateway.Tests.Helpers;

public static class HttpClientExtensions
{
    /// <summary>A GET with a bearer token.</summary>
    public static async Task<HttpResponseMessage> GetAsync(this HttpClient client, string pathAndQuery, string bearerToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Headers.Authorization = new("Bearer", bearerToken);
        return await client.SendAsync(request);
    }
}
