using Photon.Channels.Daemon;
using Photon.Channels.Emit;
using Photon.Kanban;
using Photon.Testing;

namespace Photon.Gateway.Tests.Kanban;

/// <summary>
/// The story's two processes' worth of parts: a gateway serving <c>kanban.sock</c>, and the Kanban component on a fresh
/// board of its own, emitting through a DaemonBroker on that socket.
/// </summary>
public sealed class KanbanRig : IAsyncDisposable
{
    private readonly DaemonBroker _broker;
    private readonly string _stateFile;

    private KanbanRig(GatewayHost gateway, DaemonBroker broker, string boardName, string stateFile)
    {
        Gateway = gateway;
        _broker = broker;
        _stateFile = stateFile;
        Board = new KanbanBoard(boardName, stateFile, new ChannelEmitter(KanbanCommandLine.ComponentName, broker));
        PageUrl = new Uri(gateway.BaseAddress, $"/kanban?board={boardName}").ToString();
    }

    public GatewayHost Gateway { get; }

    public KanbanBoard Board { get; }

    /// <summary>The board's page on the gateway.</summary>
    public string PageUrl { get; }

    public static async Task<KanbanRig> StartAsync()
    {
        var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?> { ["Photon:Daemon:Names"] = KanbanCommandLine.ComponentName });
        var boardName = $"test-{Guid.NewGuid():N}";
        var broker = new DaemonBroker(new DaemonBrokerOptions { PhotonName = KanbanCommandLine.ComponentName, SocketDirectory = gateway.SocketDirectory });
        return new KanbanRig(gateway, broker, boardName, Path.Combine(Path.GetTempPath(), $"{boardName}.json"));
    }

    public async ValueTask DisposeAsync()
    {
        await _broker.DisposeAsync();
        await Gateway.DisposeAsync();
        File.Delete(_stateFile);
    }
}
