namespace Photon.Gateway.Security;

/// <summary>
/// One access token and what it may do; configured under <c>Photon:Gateway:Tokens:&lt;name&gt;</c>. The name
/// appears in logs and metrics, the token never does. Checked at startup by <see cref="ChannelAccess"/>.
/// </summary>
public sealed class ScopedTokenOptions
{
    /// <summary>The secret a client presents as <c>Authorization: Bearer &lt;token&gt;</c>; at least 16 characters.</summary>
    public string Token { get; set; } = string.Empty;

    /// <summary>Comma-separated channel patterns (<c>board:a</c>, <c>board:*</c>, <c>*</c>) the token may publish to. Default none.</summary>
    public string Publish { get; set; } = string.Empty;

    /// <summary>Comma-separated channel patterns the token may subscribe to. Default none.</summary>
    public string Subscribe { get; set; } = string.Empty;

    /// <summary>Messages per second this token may publish, replacing <see cref="GatewayOptions.PublishRatePerSecond"/>.</summary>
    public double? PublishRatePerSecond { get; set; }

    /// <summary>The burst this token may publish at once, replacing <see cref="GatewayOptions.PublishBurst"/>.</summary>
    public int? PublishBurst { get; set; }
}
