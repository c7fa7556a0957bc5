using Photon.Channels.Internal;

namespace Photon.Channels.Daemon;

/// <summary>One pattern subscribed on a daemon connection, with its handlers and where it has got to.</summary>
internal sealed class DaemonChannelSubscription(ChannelPattern pattern, string? lastEventId)
{
    private readonly CopyOnWriteList<DaemonHandler> _handlers = new();

    public ChannelPattern Pattern => pattern;

    /// <summary>The id of the last subscribe request, which <c>refresh_needed</c> lines refer to.</summary>
    public string? RequestId { get; set; }

    /// <summary>The last event id received (or the start the daemon reported): where a resubscription resumes.</summary>
    public string? LastEventId { get; set; } = lastEventId;

    /// <summary>The daemon's answer to the latest subscribe request.</summary>
    public Task Confirmation { get; set; } = Task.CompletedTask;

    /// <summary>Set when the daemon refused the subscription or the broker closed: no message will come.</summary>
    public bool Failed { get; set; }

    public IReadOnlyList<DaemonHandler> Handlers => _handlers.Items;

    public void Add(DaemonHandler handler) => _handlers.Add(handler);

    /// <summary>Removes a handler; true when it was the last.</summary>
    public bool Remove(DaemonHandler handler) => _handlers.Remove(handler);

    public void ReportGap(ChannelGap gap)
    {
        foreach (var handler in _handlers.Items)
        {
            handler.OnGap?.Invoke(gap);
        }
    }
}
