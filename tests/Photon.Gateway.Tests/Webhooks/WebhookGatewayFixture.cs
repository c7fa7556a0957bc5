using Photon.Gateway.Tests.Helpers;

namespace Photon.Gateway.Tests.Webhooks;

/// <summary>A gateway (requiring bearer tokens) with a GitHub, a timestamped, a Standard Webhooks and an unsigned webhook endpoint.</summary>
public sealed class WebhookGatewayFixture : GatewayFixture
{
    public const string GitHubSecret = "github-secret-0123456789";
    public const string TimestampedSecret = "ci-secret-0123456789abcdef";

    // Standard Webhooks keys are base64 after whsec_ (this is 24 bytes, as Svix's are).
    public const string StandardSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string Token = "webhook-token-0123456789";
    public const string ReaderToken = "reader-token-0123456789";

    protected override IDictionary<string, string?> Settings => Configure(base.Settings);

    /// <summary>The webhook settings on top of <paramref name="settings"/>; other gateways of a test use them too.</summary>
    public static IDictionary<string, string?> Configure(IDictionary<string, string?> settings)
    {
        settings["Photon:Gateway:Tokens:reader:Token"] = ReaderToken;
        settings["Photon:Gateway:Tokens:reader:Subscribe"] = "*";
        settings["Photon:Gateway:Tokens:functions:Token"] = Token;
        settings["Photon:Gateway:Tokens:functions:Publish"] = "functions:*";
        settings["Photon:Gateway:Webhooks:github:Channels"] = "repo:*";
        settings["Photon:Gateway:Webhooks:github:Secret"] = GitHubSecret;
        settings["Photon:Gateway:Webhooks:ci:Channels"] = "builds:*";
        settings["Photon:Gateway:Webhooks:ci:Scheme"] = "Timestamped";
        settings["Photon:Gateway:Webhooks:ci:Secret"] = TimestampedSecret;
        settings["Photon:Gateway:Webhooks:ci:Tolerance"] = "00:01:00";
        settings["Photon:Gateway:Webhooks:ci:Source"] = "ci-server";
        settings["Photon:Gateway:Webhooks:payments:Channels"] = "payments:*";
        settings["Photon:Gateway:Webhooks:payments:Scheme"] = "StandardWebhooks";
        settings["Photon:Gateway:Webhooks:payments:Secret"] = StandardSecret;
        settings["Photon:Gateway:Webhooks:functions:Channels"] = "functions:*";
        settings["Photon:Gateway:Webhooks:functions:Scheme"] = "None";
        return settings;
    }
}

[CollectionDefinition(Name)]
public sealed class WebhookCollection : ICollectionFixture<WebhookGatewayFixture>
{
    public const string Name = "webhooks";
}
