using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Photon.Channels.Wire;

/// <summary>Composing a message around a payload that arrived in another shape (a webhook's body).</summary>
public static partial class ChannelMessageJson
{
    /// <summary>
    /// Writes <c>{"channel":…,"event":…,"data":…,"timestamp":…,"source":…}</c> with <paramref name="data"/> as
    /// <c>data</c>: its bytes as they are when <paramref name="dataIsJson"/> (checked to be one JSON value, so
    /// subscribers get the body byte for byte), otherwise as a JSON string of the UTF-8 text.
    /// </summary>
    /// <returns><see langword="false"/> with <paramref name="error"/> when a name is invalid, the JSON is not JSON or the text is not UTF-8.</returns>
    public static bool TryCompose(
        string channel,
        string eventName,
        ReadOnlySpan<byte> data,
        bool dataIsJson,
        long timestampUnixMilliseconds,
        string? source,
        [NotNullWhen(true)] out byte[]? json,
        [NotNullWhen(false)] out WireError? error)
    {
        json = null;
        error = ChannelName.Validate(channel) is { } channelError ? WireError.InvalidChannel(channelError)
            : EventName.Validate(eventName) is { } eventError ? WireError.InvalidEvent(eventError)
            : dataIsJson ? CheckJsonValue(data)
            : System.Text.Unicode.Utf8.IsValid(data) ? null
            : WireError.InvalidMessage("body is neither JSON nor UTF-8 text");
        if (error is not null)
        {
            return false;
        }

        var output = new ArrayBufferWriter<byte>(data.Length + channel.Length + eventName.Length + 96);
        using (var writer = new Utf8JsonWriter(output, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("channel"u8, channel);
            writer.WriteString("event"u8, eventName);
            writer.WritePropertyName("data"u8);
            if (dataIsJson)
            {
                writer.WriteRawValue(data, skipInputValidation: true);
            }
            else
            {
                writer.WriteStringValue(data);
            }

            writer.WriteNumber("timestamp"u8, timestampUnixMilliseconds);
            if (source is not null)
            {
                writer.WriteString("source"u8, source);
            }

            writer.WriteEndObject();
        }

        json = output.WrittenSpan.ToArray();
        return true;
    }

    /// <summary>Null when <paramref name="data"/> is exactly one JSON value (surrounding whitespace allowed).</summary>
    private static WireError? CheckJsonValue(ReadOnlySpan<byte> data)
    {
        try
        {
            var reader = new Utf8JsonReader(data, ReaderOptions);
            if (!reader.Read())
            {
                return WireError.InvalidJson("the body is empty");
            }

            reader.Skip();
            return reader.Read() ? WireError.InvalidJson("unexpected content after the JSON value") : null;
        }
        catch (JsonException ex)
        {
            return WireError.InvalidJson(ex.Message);
        }
    }
}
