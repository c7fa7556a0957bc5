using System.Text.Json.Serialization;

namespace Photon.Cli.Statistics;

/// <summary>Source-generated JSON for <c>GET /channels</c> (camelCase, as the gateway writes it).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChannelListing))]
internal sealed partial class StatisticsJsonContext : JsonSerializerContext;
