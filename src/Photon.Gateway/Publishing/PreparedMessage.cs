namespace Photon.Gateway.Publishing;

/// <summary>A message validated, normalised and admitted by <see cref="ChannelPublisher.TryPrepare"/>: its channel and the exact payload subscribers will get.</summary>
internal readonly record struct PreparedMessage(string Channel, byte[] Payload);
