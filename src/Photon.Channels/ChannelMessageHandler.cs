namespace Photon.Channels;

/// <summary>Receives the messages of a subscription, one at a time and in order.</summary>
public delegate ValueTask ChannelMessageHandler(ChannelMessage message, CancellationToken cancellationToken);
