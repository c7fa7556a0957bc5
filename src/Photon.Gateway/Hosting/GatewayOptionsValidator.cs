using Microsoft.Extensions.Options;

namespace Photon.Gateway.Hosting;

/// <summary>
/// Builds what the settings describe (the tokens' <c>ChannelAccess</c>, the <c>WebhookRoutes</c>) once at startup,
/// so that a misconfiguration stops the gateway with a message naming the setting instead of failing requests.
/// </summary>
/// <param name="build">Builds from the settings; throws <see cref="InvalidOperationException"/> naming what is wrong.</param>
internal sealed class GatewayOptionsValidator(Action<IOptions<GatewayOptions>> build) : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        try
        {
            build(Options.Create(options));
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
