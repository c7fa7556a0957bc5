using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Photon.Gateway.Security;

/// <summary>
/// Turns a presented token into a <see cref="ChannelClient"/>: the shared token (<c>PHOTON_CHANNEL_AUTH_TOKEN</c>)
/// may do everything, a scoped token (<c>Photon:Gateway:Tokens</c>) what its patterns allow. With no token
/// configured the gateway is open and every client may do everything.
/// </summary>
/// <remarks>
/// Tokens are kept and compared as SHA-256 hashes, every configured one on every attempt, each with
/// <see cref="CryptographicOperations.FixedTimeEquals"/>: neither a token's content, its length, nor which
/// token matched shows in the time an answer takes.
/// </remarks>
/// <exception cref="InvalidOperationException">A scoped token is misconfigured (the message says which and how).</exception>
internal sealed class ChannelAccess
{
    private const int MinTokenLength = 16;

    /// <summary>The name the shared token's client goes by.</summary>
    public const string SharedTokenName = "shared";

    private readonly (byte[] Hash, ChannelClient Client)[] _tokens;
    private readonly Dictionary<string, ChannelClient> _byName;
    private readonly PublishRate _defaultRate;

    public ChannelAccess(IOptions<GatewayOptions> options)
    {
        var settings = options.Value;
        _defaultRate = new PublishRate(settings.PublishRatePerSecond, settings.PublishBurst);
        var tokens = new List<(byte[], ChannelClient)>();
        if (!string.IsNullOrEmpty(settings.AuthToken))
        {
            tokens.Add((Hash(settings.AuthToken), new ChannelClient(SharedTokenName, ChannelScope.All, ChannelScope.All, _defaultRate)));
        }

        foreach (var (name, token) in settings.Tokens)
        {
            var section = $"{GatewayOptions.SectionName}:Tokens:{name}";
            if (token.Token.Length < MinTokenLength)
            {
                throw new InvalidOperationException($"{section}:Token must be at least {MinTokenLength} characters");
            }

            if (token.PublishRatePerSecond <= 0 || token.PublishBurst < 1)
            {
                throw new InvalidOperationException($"{section}: PublishRatePerSecond must be above 0 and PublishBurst at least 1");
            }

            var hash = Hash(token.Token);
            if (tokens.Any(t => CryptographicOperations.FixedTimeEquals(t.Item1, hash)))
            {
                throw new InvalidOperationException($"{section}:Token is the same as another token's");
            }

            tokens.Add((hash, new ChannelClient(
                name,
                ChannelScope.Parse(token.Publish, section + ":Publish"),
                ChannelScope.Parse(token.Subscribe, section + ":Subscribe"),
                new PublishRate(token.PublishRatePerSecond ?? _defaultRate.PerSecond, token.PublishBurst ?? _defaultRate.Burst))));
        }

        _tokens = [.. tokens];
        _byName = _tokens.ToDictionary(t => t.Client.Name, t => t.Client, StringComparer.Ordinal);
    }

    /// <summary>Whether clients must present a token.</summary>
    public bool RequiresToken => _tokens.Length > 0;

    /// <summary>The client a token belongs to, or <see langword="null"/> when it is no configured token.</summary>
    public ChannelClient? Authenticate(ReadOnlySpan<char> token)
    {
        var presented = Hash(token);
        ChannelClient? match = null;
        foreach (var (hash, client) in _tokens)
        {
            // No early exit: every token is compared, whichever matches.
            if (CryptographicOperations.FixedTimeEquals(presented, hash))
            {
                match = client;
            }
        }

        return match;
    }

    /// <summary>
    /// The client for <paramref name="authorization"/> (an <c>Authorization</c> header value): the token's
    /// client, an unrestricted one keyed by <paramref name="address"/> when the gateway is open, or
    /// <see langword="null"/> when a token is required and this is not a valid one.
    /// </summary>
    public ChannelClient? FromAuthorization(string? authorization, IPAddress? address)
    {
        if (!RequiresToken)
        {
            return Unrestricted("address:" + (address?.ToString() ?? "unknown"));
        }

        const string scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)
            ? Authenticate(authorization.AsSpan(scheme.Length).Trim())
            : null;
    }

    /// <summary>
    /// The client a bridge acts as: the configured token named <paramref name="tokenName"/>, or, when no name is
    /// given, a client called <paramref name="bridge"/> that may do everything at any rate (what reaches a bridge
    /// is already access-controlled: socket permissions, Redis's own authentication).
    /// </summary>
    /// <exception cref="InvalidOperationException">No token has that name.</exception>
    public ChannelClient ForBridge(string bridge, string? tokenName) =>
        string.IsNullOrEmpty(tokenName) ? new ChannelClient(bridge, ChannelScope.All, ChannelScope.All, PublishRate.Unlimited)
        : _byName.TryGetValue(tokenName, out var client) ? client
        : throw new InvalidOperationException($"{bridge}: there is no token named '{tokenName}' under {GatewayOptions.SectionName}:Tokens");

    private ChannelClient Unrestricted(string name) => new(name, ChannelScope.All, ChannelScope.All, _defaultRate);

    private static byte[] Hash(ReadOnlySpan<char> token)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(token)];
        Encoding.UTF8.GetBytes(token, bytes);
        try
        {
            return SHA256.HashData(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
