using Photon.Gateway.Diagnostics;
using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Photon.Channels.Daemon;
using Photon.Channels.Wire;

namespace Photon.Gateway.Daemon;

/// <summary>
/// Serves the daemon sockets, <c>&lt;socket dir&gt;/&lt;name&gt;.sock</c> for each configured name, so that
/// programs using the TypeScript DaemonBroker publish into and subscribe from the channel mesh unchanged.
/// </summary>
/// <remarks>
/// Starting fails (and so the gateway exits non-zero) when a socket is held by a live process. On a graceful
/// stop every connection gets the <c>shutdown</c> notice and a moment to read it, and the socket files are
/// removed.
/// </remarks>
internal sealed partial class DaemonSocketServer(DaemonServices services, IOptions<DaemonOptions> options, ILogger<DaemonSocketServer> logger)
    : BackgroundService
{
    private readonly List<(string Path, Socket Socket)> _listeners = [];
    private readonly ConcurrentDictionary<DaemonSession, Task> _sessions = new();
    private bool _listening;

    /// <summary>The paths of the sockets being served.</summary>
    public IReadOnlyList<string> SocketPaths => [.. _listeners.Select(l => l.Path)];

    /// <summary>Whether sockets are to be served here: enabled, and not on Windows.</summary>
    public bool IsEnabled => options.Value.Enabled && !OperatingSystem.IsWindows();

    /// <summary>Whether every configured socket is listening.</summary>
    public bool IsListening => Volatile.Read(ref _listening);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // The platform check stays spelled out here: the platform analyser reads it, not IsEnabled.
        if (!options.Value.Enabled || OperatingSystem.IsWindows())
        {
            // Windows clients use named pipes, which this bridge does not serve.
            return Task.CompletedTask;
        }

        foreach (var path in options.Value.SocketPaths())
        {
            _listeners.Add((path, DaemonSocket.Listen(path)));
            Log.Listening(logger, path);
        }

        Volatile.Write(ref _listening, true);

        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _listening, false);
        foreach (var (path, socket) in _listeners)
        {
            socket.Dispose();
            File.Delete(path);
        }

        foreach (var session in _sessions.Keys)
        {
            session.Shutdown();
        }

        // Sessions end by themselves once the notice is written; the grace bounds how long a client that does not read can hold the stop.
        await Task.WhenAll(_sessions.Values).WaitAsync(options.Value.ShutdownGrace, cancellationToken)
            .ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
            .ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_listeners.Select(listener => AcceptAsync(listener.Socket, stoppingToken)));

    private async Task AcceptAsync(Socket listener, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket connection;
            try
            {
                connection = await listener.AcceptAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            if (_sessions.Count >= options.Value.MaxConnections)
            {
                Refuse(connection);
                continue;
            }

            var session = new DaemonSession(connection, services);
            _sessions[session] = ServeAsync(session, stoppingToken);
        }
    }

    private void Refuse(Socket connection)
    {
        services.Metrics.Rejected(TransportTag.Socket, WireError.TooManyConnectionsCode);
        Log.Refused(logger, options.Value.MaxConnections);
        using (connection)
        {
            try
            {
                // A short line into an empty socket buffer: it does not block.
                connection.Send(DaemonProtocol.Error(DaemonProtocol.UnknownId, $"{WireError.TooManyConnectionsCode}: the daemon serves at most {options.Value.MaxConnections} connections"));
                connection.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // The client is gone already.
            }
        }
    }

    private async Task ServeAsync(DaemonSession session, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await session.RunAsync(stoppingToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // One connection's failure must not take the server down; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.SessionFailed(logger, ex);
        }
        finally
        {
            _sessions.TryRemove(session, out _);
            session.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Daemon socket listening on {Path}")]
        public static partial void Listening(ILogger logger, string path);

        [LoggerMessage(2, LogLevel.Error, "A daemon connection failed")]
        public static partial void SessionFailed(ILogger logger, Exception exception);

        [LoggerMessage(3, LogLevel.Warning, "Refused a daemon connection: {Max} are open, the most allowed (Photon:Daemon:MaxConnections)")]
        public static partial void Refused(ILogger logger, int max);
    }
}
