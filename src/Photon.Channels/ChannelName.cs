namespace Photon.Channels;

/// <summary>
/// The rules for channel names, shared by every broker and by the gateway so that a name refused in one place
/// is refused everywhere with the same words.
/// </summary>
/// <remarks>
/// A channel name is 1–256 characters, holds no control characters and no <c>*</c> (which is reserved for
/// subscription patterns, see <see cref="ChannelPattern"/>). Names are case-sensitive; <c>:</c> separates
/// hierarchy levels by convention (<c>board:my-board</c>, <c>user:123:notifications</c>).
/// </remarks>
public static class ChannelName
{
    /// <summary>The longest channel name accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 256;

    /// <summary>The separator between hierarchy levels.</summary>
    public const char Separator = ':';

    /// <summary>Returns why <paramref name="name"/> is not a valid channel name, or <see langword="null"/> when it is.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "channel must not be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"channel must be at most {MaxLength} characters (got {name.Length})";
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return $"channel must not contain control characters (found U+{(int)c:X4})";
            }

            if (c == ChannelPattern.Wildcard)
            {
                return "channel must not contain '*' (wildcards are only for subscribing: '*' or 'prefix:*')";
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="name"/> is a valid channel name.</summary>
    public static bool IsValid(string? name) => Validate(name) is null;

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a valid channel name.</summary>
    public static void ThrowIfInvalid(string? name, string paramName = "channel")
    {
        if (Validate(name) is { } error)
        {
            throw new ArgumentException(error, paramName);
        }
    }
}
