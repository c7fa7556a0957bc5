using Microsoft.Extensions.Options;

namespace Photon.Gateway.Security;

/// <summary>Checks the tokens at startup, so that a misconfigured one stops the gateway with a clear message instead of failing requests.</summary>
internal sealed class ChannelAccessValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        try
        {
            _ = new ChannelAccess(Options.Create(options));
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException ex)
        {
            return ValidateOptionsResult.Fail(ex.Message);
        }
    }
}
