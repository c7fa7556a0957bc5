using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;

namespace Photon.Gateway.Security;

/// <summary>
/// Counts the long-lived connections (event streams) each client address holds, so that one address cannot
/// take every connection the gateway can serve.
/// </summary>
internal sealed class ConnectionLimiter(IOptions<GatewayOptions> options)
{
    private readonly int _max = options.Value.MaxConnectionsPerClientAddress;
    private readonly ConcurrentDictionary<IPAddress, int> _open = new();

    /// <summary>Counts a new connection from <paramref name="address"/>; dispose the result when it ends.</summary>
    /// <returns><see langword="null"/> when the address already holds as many as allowed.</returns>
    public IDisposable? TryOpen(IPAddress? address)
    {
        address ??= IPAddress.None;
        while (true)
        {
            var open = _open.GetValueOrDefault(address);
            if (open >= _max)
            {
                return null;
            }

            if (open == 0 ? _open.TryAdd(address, 1) : _open.TryUpdate(address, open + 1, open))
            {
                return new Lease(this, address);
            }
        }
    }

    private void Close(IPAddress address)
    {
        while (true)
        {
            var open = _open[address];
            if (open == 1 ? _open.TryRemove(new KeyValuePair<IPAddress, int>(address, 1)) : _open.TryUpdate(address, open - 1, open))
            {
                return;
            }
        }
    }

    private sealed class Lease(ConnectionLimiter limiter, IPAddress address) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                limiter.Close(address);
            }
        }
    }
}
