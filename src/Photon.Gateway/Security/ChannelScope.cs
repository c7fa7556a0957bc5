using Photon.Channels;

namespace Photon.Gateway.Security;

/// <summary>A set of channel patterns a client may use, for publishing or for subscribing.</summary>
internal sealed class ChannelScope
{
    private readonly ChannelPattern[] _patterns;

    private ChannelScope(ChannelPattern[] patterns) => _patterns = patterns;

    /// <summary>Every channel.</summary>
    public static ChannelScope All { get; } = new([ChannelPattern.Parse(ChannelPattern.AllChannels)]);

    /// <summary>The patterns, in the order configured.</summary>
    public IReadOnlyList<ChannelPattern> Patterns => _patterns;

    /// <summary>No channel.</summary>
    public static ChannelScope None { get; } = new([]);

    /// <summary>The patterns as configured, for error messages.</summary>
    public override string ToString() => _patterns.Length == 0 ? "(none)" : string.Join(',', _patterns.Select(p => p.Value));

    /// <summary>Parses a comma-separated list of patterns.</summary>
    /// <exception cref="InvalidOperationException">An entry is not a channel pattern; <paramref name="setting"/> names where it was configured.</exception>
    public static ChannelScope Parse(string? list, string setting) => new([.. (list ?? string.Empty)
        .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(entry => ChannelPattern.TryParse(entry, out var pattern, out var error)
            ? pattern
            : throw new InvalidOperationException($"{setting}: '{entry}' is not a channel pattern: {error}"))]);

    /// <summary>Whether <paramref name="channel"/> is in the scope.</summary>
    public bool Allows(string channel) => _patterns.Any(p => p.Matches(channel));

    /// <summary>
    /// Whether every channel <paramref name="pattern"/> can match is in the scope: a channel needs a pattern
    /// matching it, <c>prefix:*</c> needs the same pattern or <c>*</c>, and <c>*</c> needs <c>*</c>.
    /// </summary>
    public bool Covers(ChannelPattern pattern) => pattern.Kind switch
    {
        ChannelPatternKind.Exact => Allows(pattern.Value),
        _ => _patterns.Any(p => p.Kind == ChannelPatternKind.All || p == pattern),
    };
}
