using System.Buffers.Binary;
using System.Security.Cryptography;
using Photon.Channels.Wire;

namespace Photon.Gateway.Publishing;

/// <summary>
/// A publisher's idempotency key for one request (an <c>Idempotency-Key</c> header, a webhook's delivery id) and
/// the fingerprint of what the request carried, so that a key reused for a different request is told apart from
/// a retry.
/// </summary>
internal readonly record struct IdempotencyKey(string Key, long Fingerprint)
{
    /// <summary>The header publishers send it in (Stripe's, and the IETF draft's, name).</summary>
    public const string HeaderName = "Idempotency-Key";

    /// <summary>The header a duplicate's answer carries, as Stripe's does.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    /// <summary>The longest key accepted, as Stripe's.</summary>
    public const int MaxLength = 255;

    /// <summary>
    /// Reads a key from <paramref name="header"/> (null or empty: no key) for a request whose content is
    /// <paramref name="request"/>.
    /// </summary>
    /// <returns><see langword="false"/> with <paramref name="error"/> when the key is malformed.</returns>
    public static bool TryRead(string? header, ReadOnlySpan<byte> request, out IdempotencyKey? key, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out WireError? error)
    {
        key = null;
        error = null;
        if (string.IsNullOrEmpty(header))
        {
            return true;
        }

        if (header.Length > MaxLength || header.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            error = WireError.InvalidIdempotencyKey($"an idempotency key is 1 to {MaxLength} visible ASCII characters");
            return false;
        }

        key = new IdempotencyKey(header, FingerprintOf(request));
        return true;
    }

    /// <summary>The key of element <paramref name="index"/> of a batch sent with this key: each element is retried as its own request.</summary>
    public IdempotencyKey ForElement(int index, ReadOnlySpan<byte> element) =>
        new(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Key}/{index}"), FingerprintOf(element));

    // 64 bits of SHA-256: enough to tell a different request from a retry; not a security boundary.
    private static long FingerprintOf(ReadOnlySpan<byte> request)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(request, hash);
        return BinaryPrimitives.ReadInt64LittleEndian(hash);
    }
}
