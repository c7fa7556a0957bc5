using System.Text.Json.Serialization;

namespace Photon.Channels.Wire;

/// <summary>Subscribers by transport: SSE streams, daemon sockets, Redis clients subscribed by name.</summary>
public sealed record TransportCounts(
    [property: JsonPropertyName("sse")] int Sse,
    [property: JsonPropertyName("socket")] int Socket,
    [property: JsonPropertyName("redis")] int Redis);
