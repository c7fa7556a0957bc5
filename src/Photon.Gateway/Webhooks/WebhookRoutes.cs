using System.Text;
using Microsoft.Extensions.Options;
using Photon.Channels;
using Photon.Gateway.Security;

namespace Photon.Gateway.Webhooks;

/// <summary>
/// The configured webhook endpoints (<c>Photon:Gateway:Webhooks</c>), checked once at startup, and which one serves a
/// channel: the one with the most specific matching pattern (the channel itself, then <c>prefix:*</c>, then <c>*</c>).
/// </summary>
/// <exception cref="InvalidOperationException">An endpoint is misconfigured; the message names the setting.</exception>
internal sealed class WebhookRoutes
{
    private const int MinSecretLength = 16;
    private const string StandardSecretPrefix = "whsec_";

    private readonly WebhookRoute[] _routes;

    public WebhookRoutes(IOptions<GatewayOptions> options)
    {
        var settings = options.Value;
        var claimed = new Dictionary<ChannelPattern, string>();
        var routes = new List<WebhookRoute>();
        foreach (var (name, endpoint) in settings.Webhooks)
        {
            var section = $"{GatewayOptions.SectionName}:Webhooks:{name}";
            var channels = ChannelScope.Parse(endpoint.Channels, section + ":Channels");
            if (channels.Patterns.Count == 0)
            {
                throw new InvalidOperationException($"{section}:Channels must name at least one channel or pattern (board:a, builds:*)");
            }

            foreach (var pattern in channels.Patterns)
            {
                if (!claimed.TryAdd(pattern, name))
                {
                    throw new InvalidOperationException($"{section}:Channels: '{pattern}' is already served by webhook endpoint '{claimed[pattern]}'");
                }
            }

            if (endpoint.Tolerance <= TimeSpan.Zero)
            {
                throw new InvalidOperationException($"{section}:Tolerance must be above zero");
            }

            if (endpoint.PublishRatePerSecond <= 0 || endpoint.PublishBurst < 1)
            {
                throw new InvalidOperationException($"{section}: PublishRatePerSecond must be above 0 and PublishBurst at least 1");
            }

            var rate = new PublishRate(endpoint.PublishRatePerSecond ?? settings.PublishRatePerSecond, endpoint.PublishBurst ?? settings.PublishBurst);
            routes.Add(new WebhookRoute(
                name,
                endpoint.Scheme,
                KeyOf(endpoint, section),
                endpoint.SignatureHeader ?? endpoint.Scheme switch
                {
                    WebhookScheme.GitHub => "X-Hub-Signature-256",
                    WebhookScheme.StandardWebhooks => "webhook-signature",
                    _ => "X-Signature",
                },
                endpoint.TimestampHeader ?? (endpoint.Scheme == WebhookScheme.StandardWebhooks ? "webhook-timestamp" : "X-Signature-Timestamp"),
                endpoint.Tolerance,
                endpoint.EventHeader ?? (endpoint.Scheme == WebhookScheme.GitHub ? "X-GitHub-Event" : null),
                endpoint.IdempotencyHeader ?? endpoint.Scheme switch
                {
                    WebhookScheme.GitHub => "X-GitHub-Delivery",
                    WebhookScheme.StandardWebhooks => "webhook-id",
                    _ => null,
                },
                endpoint.Source ?? "webhook:" + name,
                new ChannelClient("webhook:" + name, channels, ChannelScope.None, rate)));
        }

        _routes = [.. routes];
    }

    /// <summary>The endpoint serving <paramref name="channel"/>, or null when none does.</summary>
    public WebhookRoute? Find(string channel)
    {
        WebhookRoute? best = null;
        var bestKind = int.MaxValue;
        foreach (var route in _routes)
        {
            foreach (var pattern in route.Channels.Patterns)
            {
                // ChannelPatternKind orders Exact < Prefix < All: the lowest is the most specific.
                if ((int)pattern.Kind < bestKind && pattern.Matches(channel))
                {
                    (best, bestKind) = (route, (int)pattern.Kind);
                }
            }
        }

        return best;
    }

    private static byte[] KeyOf(WebhookEndpointOptions endpoint, string section)
    {
        var secret = endpoint.Secret ?? string.Empty;
        switch (endpoint.Scheme)
        {
            case WebhookScheme.None:
                return secret.Length == 0 ? [] : throw new InvalidOperationException($"{section}:Secret is set but Scheme is None: choose a signing scheme or remove the secret");
            case WebhookScheme.StandardWebhooks:
                try
                {
                    var key = secret.StartsWith(StandardSecretPrefix, StringComparison.Ordinal) ? Convert.FromBase64String(secret[StandardSecretPrefix.Length..]) : [];
                    return key.Length >= MinSecretLength ? key : throw new FormatException();
                }
                catch (FormatException)
                {
                    throw new InvalidOperationException($"{section}:Secret must be {StandardSecretPrefix}<base64 of at least {MinSecretLength} bytes> for the StandardWebhooks scheme");
                }

            default:
                return secret.Length >= MinSecretLength ? Encoding.UTF8.GetBytes(secret)
                    : throw new InvalidOperationException($"{section}:Secret is required for the {endpoint.Scheme} scheme and must be at least {MinSecretLength} characters");
        }
    }
}
