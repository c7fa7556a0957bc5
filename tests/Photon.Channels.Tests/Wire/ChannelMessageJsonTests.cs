using System.Buffers;
using System.Text;
using System.Text.Json;
using Photon.Channels;
using Photon.Channels.Wire;

namespace Photon.Channels.Tests.Wire;

public sealed class ChannelMessageJsonTests
{
    private static (bool Ok, string Output, WireError? Error) Normalize(string json, long now = 42)
    {
        var output = new ArrayBufferWriter<byte>();
        var ok = ChannelMessageJson.TryNormalize(Encoding.UTF8.GetBytes(json), now, output, out _, out _, out var error);
        return (ok, Encoding.UTF8.GetString(output.WrittenSpan), error);
    }

    [Theory]
    [InlineData("""{"channel":"a:b","event":"e","data":0,"timestamp":1}""")]
    [InlineData("""{"channel":"a:b","event":"e","data":false,"timestamp":1}""")]
    [InlineData("""{"channel":"a:b","event":"e","data":null,"timestamp":1}""")]
    [InlineData("""{"channel":"a:b","event":"e","data":{ "spaced" : [1, 2] },"timestamp":1}""")]
    [InlineData("""{"channel":"a:b","event":"e","data":"\u00e9\n","timestamp":1,"source":"S","extra":{"k":1}}""")]
    public void A_complete_message_is_kept_byte_for_byte(string json)
    {
        var (ok, output, _) = Normalize(json);
        Assert.True(ok);
        Assert.Equal(json, output);
    }

    [Fact]
    public void A_missing_or_null_timestamp_is_filled_in_as_the_TypeScript_client_does()
    {
        Assert.Equal("""{"channel":"a","event":"e","timestamp":42}""", Normalize("""{"channel":"a","event":"e"}""").Output);
        Assert.Equal("""{"channel":"a","timestamp":42,"event":"e"}""", Normalize("""{"channel":"a","timestamp":null,"event":"e"}""").Output);
    }

    [Theory]
    [InlineData("nope", "invalid_json")]
    [InlineData("", "invalid_json")]
    [InlineData("{", "invalid_json")]
    [InlineData("\"text\"", "invalid_message")]
    [InlineData("""{"event":"e"}""", "invalid_channel")]
    [InlineData("""{"channel":"a"}""", "invalid_event")]
    [InlineData("""{"channel":["a"],"event":"e"}""", "invalid_channel")]
    [InlineData("""{"channel":"a","event":1}""", "invalid_event")]
    [InlineData("""{"channel":"a","event":"e","source":1}""", "invalid_message")]
    [InlineData("""{"channel":"a","event":"e","timestamp":"now"}""", "invalid_message")]
    [InlineData("""{"channel":"a","event":"e"}{}""", "invalid_json")]
    public void A_bad_message_is_refused_with_a_code(string json, string code)
    {
        var (ok, _, error) = Normalize(json);
        Assert.False(ok);
        Assert.Equal(code, error!.Code);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'{', (byte)'"', 0xFF, (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'c', (byte)'h', (byte)'a', (byte)'n', (byte)'n', (byte)'e', (byte)'l', (byte)'"', (byte)':', (byte)'"', 0xC3, (byte)'"', (byte)'}' })]
    public void Names_and_strings_that_are_not_UTF_8_are_refused_as_invalid_json_not_thrown(byte[] json)
    {
        // Found by the message JSON properties: Utf8JsonReader.GetString and JsonProperty.Name throw
        // InvalidOperationException, which TryNormalize and Parse let through (a 500 from /publish).
        Assert.False(ChannelMessageJson.TryNormalize(json, 1, new ArrayBufferWriter<byte>(), out _, out _, out var error));
        Assert.Equal("invalid_json", error.Code);
        Assert.Equal("invalid_json", Assert.Throws<ChannelMessageFormatException>(() => ChannelMessageJson.Parse(json)).Error.Code);
    }

    [Theory]
    [InlineData("""{"channel":"\ud800","event":"e"}""")]
    [InlineData("""{"channel":"a","event":"\udc00x"}""")]
    [InlineData("""{"channel":"a","event":"e","\ud83d":1}""")]
    [InlineData("""{"channel":"a","event":"e","source":"\udd83"}""")]
    public void A_lone_surrogate_escape_in_a_name_or_field_is_refused_as_invalid_json_not_thrown(string json)
    {
        // A source was only type-checked by TryNormalize, so it accepted what Parse then refused.
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.False(ChannelMessageJson.TryNormalize(bytes, 1, new ArrayBufferWriter<byte>(), out _, out _, out var error));
        Assert.Equal("invalid_json", error.Code);
        Assert.Equal("invalid_json", Assert.Throws<ChannelMessageFormatException>(() => ChannelMessageJson.Parse(bytes)).Error.Code);
    }

    [Fact]
    public void The_last_of_duplicate_fields_decides_as_in_JavaScript()
    {
        var output = new ArrayBufferWriter<byte>();
        Assert.True(ChannelMessageJson.TryNormalize("""{"channel":"x","channel":"a:b","event":"e"}"""u8, 1, output, out var channel, out _, out _));
        Assert.Equal("a:b", channel);
    }

    [Fact]
    public void Parse_and_Serialize_round_trip_every_field_and_keep_falsy_data()
    {
        const string json = """{"channel":"board:a","event":"task-moved","data":0,"timestamp":1795747429651,"source":"KanbanMCP","trace":[1]}""";
        var message = ChannelMessageJson.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal("board:a", message.Channel);
        Assert.Equal("task-moved", message.Event);
        Assert.Equal(JsonValueKind.Number, message.Data.ValueKind);
        Assert.Equal(1795747429651, message.Timestamp);
        Assert.Equal("KanbanMCP", message.Source);
        Assert.Equal(json, Encoding.UTF8.GetString(ChannelMessageJson.Serialize(message)));
    }

    [Fact]
    public void A_message_without_data_is_written_without_data_and_null_data_with_null()
    {
        Assert.Equal("""{"channel":"c","event":"e"}""", Encoding.UTF8.GetString(ChannelMessageJson.Serialize(new ChannelMessage { Channel = "c", Event = "e" })));
        var withNull = new ChannelMessage { Channel = "c", Event = "e", Data = JsonDocument.Parse("null").RootElement };
        Assert.True(withNull.HasData);
        Assert.Equal("""{"channel":"c","event":"e","data":null}""", Encoding.UTF8.GetString(ChannelMessageJson.Serialize(withNull)));
    }

    [Fact]
    public void Serialize_writes_non_ASCII_text_as_JSON_stringify_does()
    {
        var message = new ChannelMessage { Channel = "c", Event = "é<>", Source = "✓" };
        Assert.Equal("""{"channel":"c","event":"é<>","source":"✓"}""", Encoding.UTF8.GetString(ChannelMessageJson.Serialize(message)));
    }

    [Fact]
    public void Parse_refuses_what_is_not_a_message()
    {
        Assert.Equal("invalid_json", Assert.Throws<ChannelMessageFormatException>(() => ChannelMessageJson.Parse("{"u8)).Error.Code);
        Assert.Equal("invalid_channel", Assert.Throws<ChannelMessageFormatException>(() => ChannelMessageJson.Parse("""{"event":"e"}"""u8)).Error.Code);
    }
}
