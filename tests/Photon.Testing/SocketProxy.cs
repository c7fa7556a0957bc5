using System.Net;
using System.Net.Sockets;

namespace Photon.Testing;

/// <summary>
/// A relay in front of a server (TCP on loopback, or a Unix socket), whose connections a test can cut at
/// will: the way to break a client's stream without stopping the server behind it.
/// </summary>
public sealed class SocketProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly EndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _connections = [];
    private readonly Task _accepting;

    private SocketProxy(EndPoint listenOn, EndPoint target)
    {
        _target = target;
        _listener = new Socket(listenOn.AddressFamily, SocketType.Stream, listenOn is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        _listener.Bind(listenOn);
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    /// <summary>A TCP relay on a free loopback port in front of <paramref name="target"/>.</summary>
    public static SocketProxy ForHttp(Uri target) =>
        new(new IPEndPoint(IPAddress.Loopback, 0), new IPEndPoint(IPAddress.Parse(target.Host), target.Port));

    /// <summary>A relay on the Unix socket <paramref name="path"/> in front of the Unix socket <paramref name="target"/>.</summary>
    public static SocketProxy ForUnixSocket(string path, string target) =>
        new(new UnixDomainSocketEndPoint(path), new UnixDomainSocketEndPoint(target));

    public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}");

    /// <summary>How many client connections have been accepted so far.</summary>
    public int Accepted { get; private set; }

    /// <summary>Closes every relayed connection; new ones are still accepted.</summary>
    public void DropConnections()
    {
        lock (_connections)
        {
            foreach (var connection in _connections)
            {
                // An abortive close, as when a network path breaks; a relay may have disposed it already.
                try
                {
                    if (connection.ProtocolType == ProtocolType.Tcp)
                    {
                        connection.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (ObjectDisposedException)
                {
                }

                connection.Dispose();
            }

            _connections.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Dispose();
        DropConnections();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptAsync(_stop.Token);
            var upstream = new Socket(_target.AddressFamily, SocketType.Stream, client.ProtocolType);
            await upstream.ConnectAsync(_target, _stop.Token);
            lock (_connections)
            {
                Accepted++;
                _connections.Add(client);
                _connections.Add(upstream);
            }

            _ = RelayAsync(client, upstream);
            _ = RelayAsync(upstream, client);
        }
    }

    private static async Task RelayAsync(Socket from, Socket to)
    {
        try
        {
            await new NetworkStream(from).CopyToAsync(new NetworkStream(to));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
