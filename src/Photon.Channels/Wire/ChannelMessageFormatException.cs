namespace Photon.Channels.Wire;

/// <summary>Thrown when bytes that should hold a channel message do not.</summary>
public sealed class ChannelMessageFormatException : FormatException
{
    /// <summary>Creates the exception from the error that describes the problem.</summary>
    public ChannelMessageFormatException(WireError error)
        : base(error.Message) => Error = error;

    /// <summary>What is wrong, with its code.</summary>
    public WireError Error { get; }
}
