using System.Security.Cryptography;

namespace Photon.Gateway.Redis;

/// <summary>
/// The messages the bridge has just passed one way, by channel and payload digest, so that it recognises them
/// when they come back the other way. Each is remembered for a window and then forgotten. Not thread-safe.
/// </summary>
internal sealed class DigestWindow(TimeSpan window)
{
    private readonly Dictionary<(string Channel, long Digest), int> _copies = [];
    private readonly Queue<(DateTime At, string Channel, long Digest)> _order = new();

    /// <summary>How many messages are remembered.</summary>
    public int Count => _copies.Count;

    /// <summary>Remembers one copy of <paramref name="payload"/> on <paramref name="channel"/>.</summary>
    public void Add(string channel, ReadOnlySpan<byte> payload)
    {
        var now = DateTime.UtcNow;
        var key = (channel, Digest(payload));
        _copies[key] = _copies.GetValueOrDefault(key) + 1;
        _order.Enqueue((now, channel, key.Item2));
        while (_order.TryPeek(out var oldest) && now - oldest.At > window)
        {
            _order.Dequeue();
            Forget((oldest.Channel, oldest.Digest));
        }
    }

    /// <summary>Whether a copy of <paramref name="payload"/> on <paramref name="channel"/> was remembered; if so it is forgotten.</summary>
    public bool TryTake(string channel, ReadOnlySpan<byte> payload) => Forget((channel, Digest(payload)));

    private bool Forget((string Channel, long Digest) key)
    {
        if (!_copies.TryGetValue(key, out var copies))
        {
            return false;
        }

        if (copies <= 1)
        {
            _copies.Remove(key);
        }
        else
        {
            _copies[key] = copies - 1;
        }

        return true;
    }

    private static long Digest(ReadOnlySpan<byte> payload) => BitConverter.ToInt64(SHA256.HashData(payload));
}
