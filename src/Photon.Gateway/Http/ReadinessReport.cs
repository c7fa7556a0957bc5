using System.Text.Json.Serialization;

namespace Photon.Gateway.Http;

/// <summary>The answer to <c>GET /readyz</c>: <c>{"status":"ready","mesh":"ok","daemon":"listening","redis":"connected"}</c>.</summary>
/// <param name="Status"><c>ready</c> or <c>not_ready</c>.</param>
/// <param name="Mesh"><c>ok</c>, or why a grain call failed.</param>
/// <param name="Daemon"><c>listening</c>, <c>starting</c> or <c>off</c> (not configured).</param>
/// <param name="Redis"><c>connected</c>, <c>disconnected</c> (started; Redis unreachable now), <c>starting</c> or <c>off</c>.</param>
internal sealed record ReadinessReport(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("mesh")] string Mesh,
    [property: JsonPropertyName("daemon")] string Daemon,
    [property: JsonPropertyName("redis")] string Redis);
