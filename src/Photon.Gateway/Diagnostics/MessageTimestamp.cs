using System.Text.Json;

namespace Photon.Gateway.Diagnostics;

/// <summary>Reads a message's top-level <c>timestamp</c> (Unix milliseconds) without materialising the message.</summary>
internal static class MessageTimestamp
{
    /// <summary>Finds <c>timestamp</c> among the top-level properties of <paramref name="json"/>, skipping the others' values.</summary>
    /// <returns>Whether it is there and a number; false for anything else, including JSON that is not an object.</returns>
    public static bool TryRead(ReadOnlySpan<byte> json, out long timestamp)
    {
        timestamp = 0;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isTimestamp = reader.ValueTextEquals("timestamp"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isTimestamp)
                {
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out timestamp);
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // Daemon clients may publish any JSON; such a message simply has no latency.
        }

        return false;
    }
}
