namespace Photon.Channels;

/// <summary>A broker could not do what was asked: the server refused, or could not be reached.</summary>
public class ChannelBrokerException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ChannelBrokerException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ChannelBrokerException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ChannelBrokerException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
