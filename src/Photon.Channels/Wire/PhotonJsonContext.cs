using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Photon.Channels.Wire;

/// <summary>Source-generated JSON for the small wire records the gateway writes and the clients read.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PublishReceipt))]
[JsonSerializable(typeof(WireError))]
[JsonSerializable(typeof(ChannelGap))]
[JsonSerializable(typeof(ChannelDisconnect))]
[JsonSerializable(typeof(ChannelList))]
public sealed partial class PhotonJsonContext : JsonSerializerContext
{
    /// <summary>
    /// The context for writing to the wire: like <see cref="Default"/>, but leaving quotes and apostrophes in
    /// error messages readable, as the daemon's lines are written (this is JSON for programs, never embedded in HTML).
    /// </summary>
    public static PhotonJsonContext Wire { get; } = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
