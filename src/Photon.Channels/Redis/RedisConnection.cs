using StackExchange.Redis;

namespace Photon.Channels.Redis;

/// <summary>Redis connection settings as Photon's configuration gives them.</summary>
public static class RedisConnection
{
    /// <summary>
    /// StackExchange.Redis configuration from a <c>redis://[user:password@]host[:port][/database]</c> or
    /// <c>rediss://</c> URL (the form the TypeScript tools use), or a StackExchange.Redis configuration string.
    /// </summary>
    public static ConfigurationOptions Parse(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (!url.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            return ConfigurationOptions.Parse(url);
        }

        var uri = new Uri(url);
        var options = new ConfigurationOptions { Ssl = uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase) };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port < 0 ? 6379 : uri.Port);
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(colon < 0 ? string.Empty : uri.UserInfo[..colon]);
            options.User = user.Length > 0 && user != "default" ? user : null;
            options.Password = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[(colon + 1)..]);
        }

        if (uri.AbsolutePath.Trim('/') is { Length: > 0 } database && int.TryParse(database, out var number))
        {
            options.DefaultDatabase = number;
        }

        return options;
    }
}
