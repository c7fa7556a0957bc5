using System.Text.Json.Serialization;

namespace Photon.Channels.Wire;

/// <summary>Source-generated JSON for the small wire records the gateway writes and the clients read.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PublishReceipt))]
[JsonSerializable(typeof(WireError))]
[JsonSerializable(typeof(ChannelGap))]
public sealed partial class PhotonJsonContext : JsonSerializerContext;
