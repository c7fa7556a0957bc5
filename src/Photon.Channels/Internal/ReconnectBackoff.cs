namespace Photon.Channels.Internal;

/// <summary>How long a broker waits before its next reconnection attempt.</summary>
internal static class ReconnectBackoff
{
    /// <summary>
    /// <paramref name="first"/> doubled per consecutive failure, capped at <paramref name="max"/>, with ±20% jitter
    /// so that a crowd of clients does not reconnect in lockstep after a server restart.
    /// </summary>
    public static TimeSpan Delay(TimeSpan first, TimeSpan max, int failures)
    {
        var backoff = first * Math.Pow(2, Math.Min(failures, 16));
        var capped = backoff < max ? backoff : max;
        return capped * (0.8 + (Random.Shared.NextDouble() * 0.4));
    }
}
