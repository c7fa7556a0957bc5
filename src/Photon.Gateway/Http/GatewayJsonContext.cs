using System.Text.Json.Serialization;

namespace Photon.Gateway.Http;

/// <summary>Source-generated JSON for what only the gateway writes (the client-facing records are in <c>PhotonJsonContext</c>).</summary>
[JsonSerializable(typeof(ReadinessReport))]
internal sealed partial class GatewayJsonContext : JsonSerializerContext;
