namespace Photon.Channels;

/// <summary>What a subscription listens to: one channel, every channel one level under a prefix, or all channels.</summary>
public enum ChannelPatternKind
{
    /// <summary>Exactly one channel, for example <c>board:a</c>.</summary>
    Exact,

    /// <summary><c>prefix:*</c>: every channel one <c>:</c>-segment under <c>prefix</c> (<c>board:*</c> matches <c>board:a</c>, not <c>board:a:b</c>).</summary>
    Prefix,

    /// <summary><c>*</c>: every channel.</summary>
    All,
}

/// <summary>
/// A parsed subscription target. <c>*</c> matches every channel; <c>prefix:*</c> matches every channel whose
/// name is <c>prefix:</c> followed by one segment without <c>:</c>, the rule the TypeScript RedisBroker applies.
/// </summary>
public readonly record struct ChannelPattern
{
    /// <summary>The wildcard character.</summary>
    public const char Wildcard = '*';

    /// <summary>The pattern that matches every channel.</summary>
    public const string AllChannels = "*";

    private ChannelPattern(ChannelPatternKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>What kind of pattern this is.</summary>
    public ChannelPatternKind Kind { get; }

    /// <summary>The pattern as written: <c>board:a</c>, <c>board:*</c> or <c>*</c>.</summary>
    public string Value { get; }

    /// <summary>Whether this pattern holds a wildcard.</summary>
    public bool IsWildcard => Kind != ChannelPatternKind.Exact;

    /// <summary>Parses a subscription target, or returns why it is not one.</summary>
    public static bool TryParse(string? value, out ChannelPattern pattern, out string? error)
    {
        pattern = default;
        if (value == AllChannels)
        {
            pattern = new ChannelPattern(ChannelPatternKind.All, value);
            error = null;
            return true;
        }

        if (value is not null && value.Length > 2 && value.EndsWith(":*", StringComparison.Ordinal))
        {
            error = ChannelName.Validate(value[..^2]);
            if (error is not null)
            {
                error = $"{error} (in pattern '{value[..Math.Min(value.Length, 64)]}')";
                return false;
            }

            pattern = new ChannelPattern(ChannelPatternKind.Prefix, value);
            return true;
        }

        error = ChannelName.Validate(value);
        if (error is not null)
        {
            return false;
        }

        pattern = new ChannelPattern(ChannelPatternKind.Exact, value!);
        return true;
    }

    /// <summary>Parses a subscription target; throws <see cref="ArgumentException"/> when it is not one.</summary>
    public static ChannelPattern Parse(string? value, string paramName = "channel") =>
        TryParse(value, out var pattern, out var error) ? pattern : throw new ArgumentException(error, paramName);

    /// <summary>
    /// The <c>prefix:*</c> pattern that covers <paramref name="channel"/>, or <see langword="null"/> for a channel
    /// without <c>:</c>. Each channel has at most one, which is why a channel grain publishes to at most one
    /// prefix stream.
    /// </summary>
    public static string? PrefixPatternOf(string channel)
    {
        var last = channel.LastIndexOf(ChannelName.Separator);
        return last < 0 ? null : string.Concat(channel.AsSpan(0, last + 1), "*");
    }

    /// <summary>Whether <paramref name="channel"/> is one this pattern listens to.</summary>
    public bool Matches(string channel) => Kind switch
    {
        ChannelPatternKind.All => true,
        ChannelPatternKind.Exact => string.Equals(Value, channel, StringComparison.Ordinal),
        _ => channel.Length >= Value.Length - 1
             && channel.AsSpan().StartsWith(Value.AsSpan(0, Value.Length - 1), StringComparison.Ordinal)
             && !channel.AsSpan(Value.Length - 1).Contains(ChannelName.Separator),
    };

    /// <inheritdoc />
    public override string ToString() => Value;
}
