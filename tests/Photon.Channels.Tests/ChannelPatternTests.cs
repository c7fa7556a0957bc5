using Photon.Channels;

namespace Photon.Channels.Tests;

public sealed class ChannelPatternTests
{
    [Theory]
    [InlineData("*", "anything", true)]
    [InlineData("*", "a:b:c", true)]
    [InlineData("board:*", "board:a", true)]
    [InlineData("board:*", "board:", true)]
    [InlineData("board:*", "board:a:b", false)]
    [InlineData("board:*", "boardx:a", false)]
    [InlineData("board:*", "board", false)]
    [InlineData("org:acme:*", "org:acme:events", true)]
    [InlineData("org:acme:*", "org:other:events", false)]
    [InlineData("board:a", "board:a", true)]
    [InlineData("board:a", "board:A", false)]
    public void Patterns_match_as_the_TypeScript_RedisBroker_does(string pattern, string channel, bool matches) =>
        Assert.Equal(matches, ChannelPattern.Parse(pattern).Matches(channel));

    [Theory]
    [InlineData("board:a", "board:*")]
    [InlineData("a:b:c", "a:b:*")]
    [InlineData("plain", null)]
    public void Each_channel_has_at_most_one_prefix_pattern(string channel, string? prefix)
    {
        Assert.Equal(prefix, ChannelPattern.PrefixPatternOf(channel));
        if (prefix is not null)
        {
            Assert.True(ChannelPattern.Parse(prefix).Matches(channel));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("a*")]
    [InlineData("*:a")]
    [InlineData(":*")]
    [InlineData("a:*:b")]
    [InlineData("tab\there")]
    public void Invalid_patterns_are_refused_with_a_reason(string? pattern)
    {
        Assert.False(ChannelPattern.TryParse(pattern, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Channel_names_are_limited_to_256_characters_without_control_characters_or_wildcards()
    {
        Assert.Null(ChannelName.Validate(new string('a', 256)));
        Assert.Contains("at most 256", ChannelName.Validate(new string('a', 257)), StringComparison.Ordinal);
        Assert.Contains("U+0000", ChannelName.Validate("a\0b"), StringComparison.Ordinal);
        Assert.Contains("U+007F", ChannelName.Validate("a\u007fb"), StringComparison.Ordinal);
        Assert.NotNull(ChannelName.Validate("a*"));
        Assert.Null(ChannelName.Validate("user:123:notifications?[x]"));
    }

    [Fact]
    public void Positions_format_and_parse_as_epoch_dash_sequence()
    {
        var position = new ChannelPosition(0x3f9c01b2e7, 17);
        Assert.Equal("3f9c01b2e7-17", position.ToString());
        Assert.True(ChannelPosition.TryParse("3f9c01b2e7-17", out var parsed));
        Assert.Equal(position, parsed);
        Assert.False(ChannelPosition.TryParse("17", out _));
        Assert.False(ChannelPosition.TryParse("zz-1", out _));
        Assert.False(ChannelPosition.TryParse("1--1", out _));
        Assert.False(ChannelPosition.TryParse("0-1", out _));
    }
}
