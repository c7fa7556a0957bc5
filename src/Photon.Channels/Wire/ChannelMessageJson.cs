using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Photon.Channels.Wire;

/// <summary>
/// The JSON form of <see cref="ChannelMessage"/>, written and read exactly as the TypeScript clients do: the
/// five known fields, any extra fields kept, <c>data</c> kept byte for byte.
/// </summary>
public static partial class ChannelMessageJson
{
    /// <summary>
    /// Writer options close to <c>JSON.stringify</c>: compact, and non-ASCII text left unescaped so that a
    /// message written by a C# client reads the same as one written by a TypeScript client.
    /// </summary>
    internal static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Checks that <paramref name="json"/> is a publishable message and writes its normalised form to
    /// <paramref name="output"/>: the same fields in the same order with their values copied byte for byte, and
    /// <c>timestamp</c> set to <paramref name="nowUnixMilliseconds"/> when it is missing or <c>null</c> (the
    /// TypeScript HttpBroker's <c>{...message, timestamp: message.timestamp || Date.now()}</c>).
    /// </summary>
    /// <returns><see langword="false"/> with <paramref name="error"/> set when the message is refused; what was written to <paramref name="output"/> is then meaningless.</returns>
    public static bool TryNormalize(
        ReadOnlySpan<byte> json,
        long nowUnixMilliseconds,
        IBufferWriter<byte> output,
        [NotNullWhen(true)] out string? channel,
        [NotNullWhen(true)] out string? eventName,
        [NotNullWhen(false)] out WireError? error)
    {
        channel = null;
        eventName = null;
        var reader = new Utf8JsonReader(json, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = WireError.InvalidMessage("message must be a JSON object");
                return false;
            }

            using var writer = new Utf8JsonWriter(output, WriterOptions);
            writer.WriteStartObject();
            var hasTimestamp = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                var start = (int)reader.TokenStartIndex;
                writer.WritePropertyName(name);
                switch (name)
                {
                    case "channel":
                        channel = ReadString(ref reader, name, out error);
                        if (error is not null) return false;
                        break;
                    case "event":
                        eventName = ReadString(ref reader, name, out error);
                        if (error is not null) return false;
                        break;
                    case "source" when reader.TokenType is not (JsonTokenType.String or JsonTokenType.Null):
                        error = WireError.InvalidMessage("source must be a string");
                        return false;
                    case "source" when reader.TokenType == JsonTokenType.String:
                        // Read, not only type-checked: a source that is not valid Unicode was accepted here and then
                        // refused by Parse in every client, so the message could never be read (message JSON properties).
                        _ = reader.GetString();
                        break;
                    case "timestamp" when reader.TokenType == JsonTokenType.Null:
                        hasTimestamp = true;
                        writer.WriteNumberValue(nowUnixMilliseconds);
                        continue;
                    case "timestamp" when reader.TokenType != JsonTokenType.Number:
                        error = WireError.InvalidMessage("timestamp must be a number of Unix milliseconds");
                        return false;
                    case "timestamp":
                        hasTimestamp = true;
                        break;
                }

                reader.Skip();
                writer.WriteRawValue(json[start..(int)reader.BytesConsumed], skipInputValidation: true);
            }

            if (reader.Read())
            {
                error = WireError.InvalidJson("unexpected content after the message");
                return false;
            }

            if (!hasTimestamp)
            {
                writer.WriteNumber("timestamp"u8, nowUnixMilliseconds);
            }

            writer.WriteEndObject();
        }
        catch (JsonException ex)
        {
            error = WireError.InvalidJson(ex.Message);
            return false;
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            // Utf8JsonReader.GetString throws this, not a JsonException, for a name or value whose bytes are not
            // UTF-8 or whose escapes are a lone surrogate ("\ud800"): found by the message JSON properties.
            error = WireError.InvalidJson(ex.Message);
            return false;
        }

        if (channel is null)
        {
            error = WireError.InvalidChannel("channel is required");
            return false;
        }

        if (eventName is null)
        {
            error = WireError.InvalidEvent("event is required");
            return false;
        }

        error = ChannelName.Validate(channel) is { } channelError ? WireError.InvalidChannel(channelError)
            : EventName.Validate(eventName) is { } eventError ? WireError.InvalidEvent(eventError)
            : null;
        return error is null;
    }

    /// <summary>Reads a message; throws <see cref="ChannelMessageFormatException"/> when the bytes do not hold one.</summary>
    public static ChannelMessage Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, ReaderOptions);
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new ChannelMessageFormatException(WireError.InvalidJson("unexpected content after the message"));
            }
        }
        catch (JsonException ex)
        {
            throw new ChannelMessageFormatException(WireError.InvalidJson(ex.Message));
        }

        using (document)
        {
            return FromElement(document.RootElement);
        }
    }

    /// <summary>Reads a message from a parsed JSON value; the result does not depend on the value's document.</summary>
    /// <exception cref="ChannelMessageFormatException">The value is not a message.</exception>
    public static ChannelMessage FromElement(JsonElement root)
    {
        try
        {
            return ReadElement(root);
        }
        catch (InvalidOperationException ex) when (ex is not ObjectDisposedException)
        {
            // A name or string that is not valid UTF-8, or holds a lone surrogate escape, cannot become a string.
            throw new ChannelMessageFormatException(WireError.InvalidJson(ex.Message));
        }
    }

    private static ChannelMessage ReadElement(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ChannelMessageFormatException(WireError.InvalidMessage("message must be a JSON object"));
        }

        string? channel = null, eventName = null, source = null;
        long? timestamp = null;
        JsonElement data = default;
        List<KeyValuePair<string, JsonElement>>? extensions = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            switch (property.Name)
            {
                case "channel" when value.ValueKind == JsonValueKind.String:
                    channel = value.GetString();
                    break;
                case "event" when value.ValueKind == JsonValueKind.String:
                    eventName = value.GetString();
                    break;
                case "source" when value.ValueKind == JsonValueKind.String:
                    source = value.GetString();
                    break;
                case "source" when value.ValueKind == JsonValueKind.Null:
                    break;
                case "timestamp" when value.ValueKind == JsonValueKind.Number:
                    timestamp = value.TryGetInt64(out var whole) ? whole : (long)value.GetDouble();
                    break;
                case "timestamp" when value.ValueKind == JsonValueKind.Null:
                    break;
                case "data":
                    data = value.Clone();
                    break;
                case "channel" or "event" or "source" or "timestamp":
                    throw new ChannelMessageFormatException(WireError.InvalidMessage($"{property.Name} has the wrong type ({value.ValueKind})"));
                default:
                    (extensions ??= []).Add(new(property.Name, value.Clone()));
                    break;
            }
        }

        return new ChannelMessage
        {
            Channel = channel ?? throw new ChannelMessageFormatException(WireError.InvalidChannel("channel is required")),
            Event = eventName ?? throw new ChannelMessageFormatException(WireError.InvalidEvent("event is required")),
            Data = data,
            Timestamp = timestamp,
            Source = source,
            ExtensionData = extensions,
        };
    }

    /// <summary>Writes <paramref name="message"/> as JSON: channel, event, data, timestamp, source, then any extra fields.</summary>
    public static void Write(Utf8JsonWriter writer, ChannelMessage message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(message);
        writer.WriteStartObject();
        writer.WriteString("channel"u8, message.Channel);
        writer.WriteString("event"u8, message.Event);
        if (message.HasData)
        {
            writer.WritePropertyName("data"u8);
            WriteVerbatim(writer, message.Data);
        }

        if (message.Timestamp is { } timestamp)
        {
            writer.WriteNumber("timestamp"u8, timestamp);
        }

        if (message.Source is { } source)
        {
            writer.WriteString("source"u8, source);
        }

        foreach (var (name, value) in message.ExtensionData ?? [])
        {
            writer.WritePropertyName(name);
            WriteVerbatim(writer, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes <paramref name="message"/> as UTF-8 JSON to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, ChannelMessage message)
    {
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        Write(writer, message);
    }

    /// <summary>The UTF-8 JSON of <paramref name="message"/>.</summary>
    public static byte[] Serialize(ChannelMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, message);
        return buffer.WrittenSpan.ToArray();
    }

    // JsonElement.WriteTo would re-escape strings; the raw text keeps a relayed payload byte for byte.
    private static void WriteVerbatim(Utf8JsonWriter writer, JsonElement value) =>
        writer.WriteRawValue(value.GetRawText(), skipInputValidation: true);

    private static string? ReadString(ref Utf8JsonReader reader, string name, out WireError? error)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            error = name == "channel" ? WireError.InvalidChannel("channel must be a string") : WireError.InvalidEvent("event must be a string");
            return null;
        }

        error = null;
        return reader.GetString();
    }
}
