using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Photon.Channels.Wire;

namespace Photon.Gateway.Webhooks;

/// <summary>
/// Checks a webhook request's HMAC-SHA256 signature over its raw body, in the header forms of
/// <see cref="WebhookScheme"/>. Signatures are compared with <see cref="CryptographicOperations.FixedTimeEquals"/>;
/// a refusal says what was wrong with the request, never what the signature should have been.
/// </summary>
internal static class WebhookSignature
{
    /// <summary>Why the request is not from the endpoint's sender, or null when it is.</summary>
    public static WireError? Verify(WebhookRoute route, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(headers);
        return route.Scheme switch
        {
            WebhookScheme.GitHub => VerifyGitHub(route, headers, body),
            WebhookScheme.Timestamped => VerifyTimestamped(route, headers, body, now),
            WebhookScheme.StandardWebhooks => VerifyStandard(route, headers, body, now),
            _ => null,
        };
    }

    private static WireError? VerifyGitHub(WebhookRoute route, IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        if (Header(headers, route.SignatureHeader) is not { } signature)
        {
            return Missing(route.SignatureHeader);
        }

        if (!signature.StartsWith("sha256=", StringComparison.Ordinal) || !TryHex(signature.AsSpan(7), out var provided))
        {
            return WireError.InvalidSignature($"{route.SignatureHeader} must be sha256=<64 hex digits>");
        }

        return Matches(route.Key, provided, [], body) ? null : Mismatch();
    }

    private static WireError? VerifyTimestamped(WebhookRoute route, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        if (CheckTimestamp(route, headers, now, out var timestamp) is { } stale)
        {
            return stale;
        }

        if (Header(headers, route.SignatureHeader) is not { } signature)
        {
            return Missing(route.SignatureHeader);
        }

        var hex = signature.AsSpan();
        hex = hex.StartsWith("sha256=") ? hex[7..] : hex.StartsWith("v1=") ? hex[3..] : hex;
        if (!TryHex(hex, out var provided))
        {
            return WireError.InvalidSignature($"{route.SignatureHeader} must be sha256=<64 hex digits>");
        }

        return Matches(route.Key, provided, Encoding.ASCII.GetBytes(timestamp + "."), body) ? null : Mismatch();
    }

    private static WireError? VerifyStandard(WebhookRoute route, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now)
    {
        const string idHeader = "webhook-id";
        if (Header(headers, idHeader) is not { } id)
        {
            return Missing(idHeader);
        }

        if (CheckTimestamp(route, headers, now, out var timestamp) is { } stale)
        {
            return stale;
        }

        if (Header(headers, route.SignatureHeader) is not { } signatures)
        {
            return Missing(route.SignatureHeader);
        }

        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var matched = false;
        Span<byte> provided = stackalloc byte[SHA256.HashSizeInBytes];
        foreach (var entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            // Every entry is checked, whichever matches: the time taken does not tell which one did.
            if (entry.StartsWith("v1,", StringComparison.Ordinal)
                && Convert.TryFromBase64Chars(entry.AsSpan(3), provided, out var written)
                && written == provided.Length)
            {
                matched |= Matches(route.Key, provided, prefix, body);
            }
        }

        return matched ? null : Mismatch();
    }

    /// <summary>Refuses a missing, malformed or stale signed timestamp; a stale one is a replay or a badly skewed clock.</summary>
    private static WireError? CheckTimestamp(WebhookRoute route, IHeaderDictionary headers, DateTimeOffset now, out string timestamp)
    {
        timestamp = Header(headers, route.TimestampHeader!) ?? string.Empty;
        if (timestamp.Length == 0)
        {
            return Missing(route.TimestampHeader!);
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return WireError.InvalidSignature($"{route.TimestampHeader} must be Unix seconds");
        }

        var age = now.ToUnixTimeSeconds() - seconds;
        return Math.Abs(age) > route.Tolerance.TotalSeconds
            ? WireError.InvalidSignature($"{route.TimestampHeader} is {age} s from now, outside the {route.Tolerance.TotalSeconds:0} s tolerance: replayed, or the clocks disagree")
            : null;
    }

    private static bool Matches(byte[] key, ReadOnlySpan<byte> provided, ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> body)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        Span<byte> expected = stackalloc byte[SHA256.HashSizeInBytes];
        hmac.GetHashAndReset(expected);
        return CryptographicOperations.FixedTimeEquals(expected, provided);
    }

    private static bool TryHex(ReadOnlySpan<char> hex, out byte[] bytes)
    {
        bytes = new byte[SHA256.HashSizeInBytes];
        return hex.Length == SHA256.HashSizeInBytes * 2
            && Convert.FromHexString(hex, bytes, out _, out var written) == OperationStatus.Done
            && written == bytes.Length;
    }

    private static string? Header(IHeaderDictionary headers, string name) =>
        headers.TryGetValue(name, out var values) && values.ToString() is { Length: > 0 } value ? value : null;

    private static WireError Missing(string header) => WireError.InvalidSignature($"missing {header} header");

    private static WireError Mismatch() => WireError.InvalidSignature("signature does not match the body");
}
