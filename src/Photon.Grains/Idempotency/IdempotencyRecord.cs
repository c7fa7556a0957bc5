using Photon.Channels;

namespace Photon.Grains.Idempotency;

/// <summary>A publisher's idempotency key as a channel remembers it: which request it named and where that message went.</summary>
/// <param name="Key">The key.</param>
/// <param name="Fingerprint">The hash of the request the key first came with.</param>
/// <param name="Position">The position of the message that request published.</param>
/// <param name="AcceptedUnixMilliseconds">When the key was first seen; it is forgotten a window later.</param>
public sealed record IdempotencyRecord(string Key, long Fingerprint, ChannelPosition Position, long AcceptedUnixMilliseconds);
