namespace Photon.Cli;

/// <summary>
/// What <c>photon-channels</c> exits with. Each kind of failure has its own code so that scripts can tell a typo
/// from a gateway that is down; the README's CLI section lists them.
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done; also a <c>subscribe</c> ended with Ctrl+C or after <c>--count</c> messages.</summary>
    public const int Success = 0;

    /// <summary>Anything not covered below (a bug, an answer the CLI cannot read).</summary>
    public const int Failure = 1;

    /// <summary>The command line or the environment is wrong: unknown option, missing argument, conflicting options, an unknown broker type.</summary>
    public const int Usage = 2;

    /// <summary>A channel, pattern, event name, JSON payload or event id is not valid; nothing was sent.</summary>
    public const int InvalidInput = 3;

    /// <summary>The transport could not be reached: the message names the transport and the address it tried.</summary>
    public const int Unreachable = 4;

    /// <summary>The server answered but refused: bad or missing token, forbidden channel, rate limited, message too large, unavailable.</summary>
    public const int Refused = 5;

    /// <summary>A command other than <c>subscribe</c> was interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
