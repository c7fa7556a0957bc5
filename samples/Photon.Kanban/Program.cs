using Photon.Channels;
using Photon.Channels.Daemon;
using Photon.Channels.Emit;
using Photon.Kanban;

// photon-kanban [--board NAME] [--state FILE] show | reset | move <task> <column> | demo [--interval SECONDS]
// As in the design document's story, the component is the "kanban" photon and emits through the DaemonBroker: the
// gateway's socket ${PHOTON_SOCKET_DIR:-~/.photon/daemons}/kanban.sock (PHOTON_NAME chooses another name).
var options = KanbanCommandLine.Parse(args);
if (options.Error is { } usage)
{
    Console.Error.WriteLine(usage);
    return 2;
}

var daemon = DaemonBrokerOptions.FromEnvironment(Environment.GetEnvironmentVariable);
if (daemon.PhotonName == Photon.Channels.Daemon.DaemonSocketPath.UnknownName)
{
    daemon.PhotonName = KanbanCommandLine.ComponentName;
}

await using var broker = new DaemonBroker(daemon);
var board = new KanbanBoard(options.Board, options.StateFile, new ChannelEmitter(daemon.PhotonName, broker, new EmitFailureLog(Console.Error)));
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
return await new KanbanCommands(board, broker.SocketPath, Console.Out, Console.Error).RunAsync(options, stop.Token);
