using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Photon.Gateway.Http;

/// <summary>
/// Requires <c>Authorization: Bearer &lt;token&gt;</c> when a token is configured. The presented token and the
/// configured one are hashed and the hashes compared in constant time, so neither the content nor the length of
/// the token leaks through timing.
/// </summary>
internal sealed class BearerTokenFilter : IEndpointFilter
{
    private readonly byte[]? _expectedHash;

    public BearerTokenFilter(IOptions<GatewayOptions> options)
    {
        var token = options.Value.AuthToken;
        _expectedHash = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return _expectedHash is null || IsAuthorized(context.HttpContext.Request.Headers.Authorization.ToString())
            ? next(context)
            : ValueTask.FromResult<object?>(HttpErrors.Unauthorized());
    }

    private bool IsAuthorized(string header)
    {
        const string scheme = "Bearer ";
        if (!header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header.AsSpan(scheme.Length).Trim().ToString()));
        return CryptographicOperations.FixedTimeEquals(presented, _expectedHash);
    }
}
