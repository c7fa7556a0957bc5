using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Photon.Channels.Wire;

namespace Photon.Channels.Tests.Wire;

/// <summary>
/// Properties of <see cref="ChannelMessageJson"/>: valid messages survive normalising and parsing byte for byte,
/// anything else is refused with a documented code and nothing thrown, and the name rules hold.
/// </summary>
public sealed class ChannelMessageJsonProperties
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(500);

    private static readonly string[] DocumentedCodes = ["invalid_json", "invalid_message", "invalid_channel", "invalid_event"];

    private static readonly JsonSerializerOptions AsciiEscaping = new() { Encoder = JavaScriptEncoder.Default };

    private static readonly JsonSerializerOptions RelaxedEscaping = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // Characters for names and strings: ASCII, the separator and wildcard, quotes and backslashes, multi-byte
    // UTF-8, a surrogate pair, controls (C0, DEL, C1), and characters JavaScript escapes differently.
    private static readonly Gen<char[]> CharPieces = Gen.Elements(
        "a".ToCharArray(), "Z".ToCharArray(), "0".ToCharArray(), ":".ToCharArray(), "-".ToCharArray(), " ".ToCharArray(),
        "*".ToCharArray(), "\"".ToCharArray(), "\\".ToCharArray(), "/".ToCharArray(), "é".ToCharArray(), "✓".ToCharArray(),
        "😀".ToCharArray(), "\u2028".ToCharArray(), "<".ToCharArray(), "\0".ToCharArray(), "\n".ToCharArray(),
        "\u007F".ToCharArray(), "\u0085".ToCharArray(), "\uFEFF".ToCharArray());

    private static Gen<string> AnyString(int maxPieces) =>
        from count in Gen.Choose(0, maxPieces)
        from pieces in CharPieces.ArrayOf(count)
        select new string(pieces.SelectMany(p => p).ToArray());

    private static Gen<string> ValidName(bool allowWildcard) =>
        from length in Gen.Frequency((8, Gen.Choose(1, 24)), (1, Gen.Choose(250, 256)))
        from chars in Gen.Elements("abcXYZ019:-_. /é✓<>\"\\\u2028".Where(c => allowWildcard || c != '*').ToArray()).ArrayOf(length)
        select new string(chars);

    /// <summary>A JSON string literal for <paramref name="value"/>, ASCII-escaped or not.</summary>
    private static Gen<string> JsonString(string value) =>
        Gen.Elements(JsonSerializer.Serialize(value, AsciiEscaping), JsonSerializer.Serialize(value, RelaxedEscaping));

    private static readonly Gen<string> Whitespace = Gen.Elements("", "", "", " ", "\n", "\r\n  ", "\t");

    /// <summary>Any JSON value as text, with whitespace inside it.</summary>
    private static Gen<string> JsonValue(int depth)
    {
        var scalar = Gen.OneOf(
            Gen.Elements("null", "true", "false", "0", "-0", "1.5e300", "-12.25", "123456789012345678901234567890", "1E-7"),
            Gen.Choose(int.MinValue, int.MaxValue).Select(n => n.ToString(CultureInfo.InvariantCulture)),
            AnyString(8).SelectMany(JsonString));
        if (depth == 0)
        {
            return scalar;
        }

        var array =
            from count in Gen.Choose(0, 4)
            from items in JsonValue(depth - 1).ListOf(count)
            from ws in Whitespace
            select "[" + ws + string.Join("," + ws, items) + ws + "]";
        var obj =
            from members in Gen.Zip(AnyString(4), JsonValue(depth - 1)).ListOf(3)
            from ws in Whitespace
            select "{" + ws + string.Join("," + ws, members.Select(m => JsonSerializer.Serialize(m.Item1) + ws + ":" + ws + m.Item2)) + ws + "}";
        return Gen.Frequency((3, scalar), (1, array), (1, obj));
    }

    private sealed record ValidMessage(string Channel, string Event, string? Data, long? Timestamp, bool NullTimestamp, string? Source, string Json, string Expected);

    private static readonly Gen<ValidMessage> ValidMessageGen =
        from channel in ValidName(allowWildcard: false)
        from eventName in ValidName(allowWildcard: true)
        from channelJson in JsonString(channel)
        from eventJson in JsonString(eventName)
        from data in Gen.OneOf(Gen.Constant<string?>(null), JsonValue(3).Select(d => (string?)d))
        from timestampKind in Gen.Choose(0, 2)
        from timestamp in Gen.Choose(0, int.MaxValue).Select(n => n * 1000L + 1_600_000_000_000L)
        from source in Gen.OneOf(Gen.Constant<string?>(null), AnyString(6).Select(s => (string?)s))
        from sourceJson in JsonString(source ?? string.Empty)
        from extras in Gen.Zip(Gen.Elements("x-trace", "id", "é", "replay"), JsonValue(1)).ListOf(2)
        from order in Gen.Shuffle(Enumerable.Range(0, 5 + extras.Count))
        let fields = new[]
            {
                ("channel", channelJson),
                ("event", eventJson),
                ("data", data),
                ("timestamp", timestampKind switch { 0 => null, 1 => "null", _ => timestamp.ToString(CultureInfo.InvariantCulture) }),
                ("source", source is null ? null : sourceJson),
            }
            .Concat(extras.Select(e => (e.Item1, (string?)e.Item2)))
            .ToArray()
        let present = order.Select(i => fields[i]).Where(f => f.Item2 is not null).ToArray()
        let json = "{" + string.Join(",", present.Select(f => $"\"{f.Item1}\":{f.Item2}")) + "}"
        let expectedFields = present.Select(f => f.Item1 == "timestamp" && f.Item2 == "null" ? (f.Item1, "42") : f)
        let expected = "{" + string.Join(",", expectedFields.Select(f => $"\"{f.Item1}\":{f.Item2}")) + (timestampKind == 0 ? ",\"timestamp\":42" : "") + "}"
        select new ValidMessage(channel, eventName, data, timestampKind == 2 ? timestamp : null, timestampKind == 1, source, json, expected);

    [Fact]
    public void A_valid_message_is_normalised_byte_for_byte_and_parses_back_to_its_fields()
    {
        Prop.ForAll(ValidMessageGen.ToArbitrary(), m =>
        {
            var output = new ArrayBufferWriter<byte>();
            var ok = ChannelMessageJson.TryNormalize(Encoding.UTF8.GetBytes(m.Json), 42, output, out var channel, out var eventName, out var error);
            Assert.True(ok, error?.Message);
            Assert.Equal(m.Channel, channel);
            Assert.Equal(m.Event, eventName);
            Assert.Equal(m.Expected, Encoding.UTF8.GetString(output.WrittenSpan));

            var parsed = ChannelMessageJson.Parse(output.WrittenSpan);
            Assert.Equal(m.Channel, parsed.Channel);
            Assert.Equal(m.Event, parsed.Event);
            Assert.Equal(m.Data is not null, parsed.HasData);
            Assert.Equal(m.Data, m.Data is null ? null : parsed.Data.GetRawText());
            Assert.Equal(m.Timestamp ?? (m.NullTimestamp || m.Timestamp is null ? 42 : null), parsed.Timestamp);
            Assert.Equal(m.Source, parsed.Source);

            // Writing the parsed message and reading it again changes nothing.
            var again = ChannelMessageJson.Parse(ChannelMessageJson.Serialize(parsed));
            Assert.Equal(m.Data, m.Data is null ? null : again.Data.GetRawText());
            Assert.Equal(ChannelMessageJson.Serialize(parsed), ChannelMessageJson.Serialize(again));
        }).Check(Config);
    }

    // Pieces that make almost-JSON: structure, the five field names, wrong types, lone surrogate escapes, bytes
    // that are not UTF-8, deep nesting, trailing content.
    private static readonly Gen<byte[]> GarbageGen = Gen.Frequency(
        (3, Gen.Elements(
            "{", "}", "[", "]", ",", ":", "\"", " ", "\"channel\"", "\"event\"", "\"data\"", "\"timestamp\"", "\"source\"",
            "\"a:b\"", "\"e\"", "\"\"", "\"*\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00x\"", "\"\\ud83d\\ude00\"", "\"\\u",
            "null", "true", "1", "-1.5e400", "1e999", "9223372036854775808", "\"x\"", "\\", "/*", "//").Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Elements<byte>(0xFF, 0xC3, 0xA9, 0x80, 0xED, 0xA0, 0x00, 0x0A).Select(b => new[] { b })),
        (1, Gen.Choose(1, 80).Select(n => Encoding.ASCII.GetBytes(new string('[', n)))),
        (1, Gen.Choose(0, 255).Select(b => new[] { (byte)b })))
        .ListOf().Select(parts => parts.SelectMany(p => p).ToArray());

    /// <summary>A valid message with a few bytes changed, inserted or removed.</summary>
    private static readonly Gen<byte[]> MutatedGen =
        from m in ValidMessageGen
        let bytes = Encoding.UTF8.GetBytes(m.Json)
        from count in Gen.Choose(1, 4)
        from edits in Gen.Zip(Gen.Choose(0, bytes.Length), Gen.Choose(-1, 255)).ListOf(count)
        select edits.Aggregate(bytes.ToList(), (b, e) =>
        {
            var at = Math.Min(e.Item1, b.Count);
            if (e.Item2 < 0 && at < b.Count) b.RemoveAt(at);
            else if (e.Item2 >= 0) b.Insert(at, (byte)e.Item2);
            return b;
        }).ToArray();

    [Fact]
    public void Any_bytes_are_normalised_or_refused_with_a_documented_code_and_never_throw()
    {
        var inputs = Gen.OneOf(GarbageGen, MutatedGen, ValidMessageGen.Select(m => Encoding.UTF8.GetBytes(m.Json)));
        Prop.ForAll(inputs.ToArbitrary(), bytes =>
        {
            var output = new ArrayBufferWriter<byte>();
            if (ChannelMessageJson.TryNormalize(bytes, 42, output, out var channel, out var eventName, out var error))
            {
                Assert.Null(ChannelName.Validate(channel));
                Assert.Null(EventName.Validate(eventName));
                var parsed = ChannelMessageJson.Parse(output.WrittenSpan);
                Assert.Equal(channel, parsed.Channel);
                Assert.Equal(eventName, parsed.Event);
            }
            else
            {
                Assert.Contains(error.Code, DocumentedCodes);
            }

            try
            {
                var message = ChannelMessageJson.Parse(bytes);
                Assert.NotNull(message.Channel);
            }
            catch (ChannelMessageFormatException ex)
            {
                Assert.Contains(ex.Error.Code, DocumentedCodes);
            }
        }).Check(Config.WithMaxTest(2000));
    }

    private static readonly Gen<string> AnyName = Gen.Frequency(
        (4, ValidName(allowWildcard: true)),
        (4, AnyString(12)),
        (1, Gen.Choose(255, 258).Select(n => new string('n', n))),
        (1, Gen.Choose(0, 0x10FFFF).Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32)));

    [Fact]
    public void Channel_and_event_names_follow_their_rules_in_the_validators_and_in_messages()
    {
        var caseGen =
            from channel in AnyName
            from eventName in AnyName
            from channelJson in JsonString(channel)
            from eventJson in JsonString(eventName)
            select (channel, eventName, json: $$"""{"channel":{{channelJson}},"event":{{eventJson}}}""");

        Prop.ForAll(caseGen.ToArbitrary(), testCase =>
        {
            var (channel, eventName, json) = testCase;
            var channelValid = channel.Length is >= 1 and <= ChannelName.MaxLength && !channel.Any(char.IsControl) && !channel.Contains('*', StringComparison.Ordinal);
            var eventValid = eventName.Length is >= 1 and <= EventName.MaxLength && !eventName.Any(char.IsControl);
            Assert.Equal(channelValid, ChannelName.IsValid(channel));
            Assert.Equal(channelValid, ChannelName.Validate(channel) is null);
            Assert.Equal(eventValid, EventName.Validate(eventName) is null);

            // A valid channel is also the exact subscription pattern of itself, and matches only itself.
            if (channelValid)
            {
                Assert.True(ChannelPattern.TryParse(channel, out var pattern, out _));
                Assert.Equal(ChannelPatternKind.Exact, pattern.Kind);
                Assert.True(pattern.Matches(channel));
            }

            var ok = ChannelMessageJson.TryNormalize(Encoding.UTF8.GetBytes(json), 1, new ArrayBufferWriter<byte>(), out _, out _, out var error);
            Assert.Equal(channelValid && eventValid, ok);
            if (!ok)
            {
                Assert.Equal(channelValid ? "invalid_event" : "invalid_channel", error!.Code);
            }
        }).Check(Config.WithMaxTest(1000));
    }
}
