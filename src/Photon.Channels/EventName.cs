namespace Photon.Channels;

/// <summary>The rules for event names (<c>task-moved</c>, <c>message</c>): 1–256 characters, no control characters.</summary>
public static class EventName
{
    /// <summary>The longest event name accepted, in UTF-16 code units.</summary>
    public const int MaxLength = 256;

    /// <summary>The event name <c>Emit</c> uses when none is given, as the TypeScript <c>emit()</c> does.</summary>
    public const string Default = "message";

    /// <summary>Returns why <paramref name="name"/> is not a valid event name, or <see langword="null"/> when it is.</summary>
    public static string? Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "event must not be empty";
        }

        if (name.Length > MaxLength)
        {
            return $"event must be at most {MaxLength} characters (got {name.Length})";
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return $"event must not contain control characters (found U+{(int)c:X4})";
            }
        }

        return null;
    }
}
