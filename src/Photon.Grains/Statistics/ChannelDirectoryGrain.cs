using Microsoft.Extensions.Options;
using Photon.Channels;
using Photon.Grains.Contracts;

namespace Photon.Grains.Statistics;

/// <summary>The cluster's channel directory. See <see cref="IChannelDirectoryGrain"/>.</summary>
/// <remarks>
/// Everything is held in memory and rebuilt by the reports within one report interval, so nothing is stored:
/// losing the directory loses no more than a moment of statistics. Stale entries go when they are read and on a
/// timer, so the directory stays as small as the set of active channels and live gateways.
/// </remarks>
internal sealed class ChannelDirectoryGrain(IOptions<ChannelStatisticsOptions> options, TimeProvider time) : Grain, IChannelDirectoryGrain
{
    private readonly ChannelStatisticsOptions _options = options.Value;
    private readonly Dictionary<string, GatewayEntry> _gateways = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ChannelEntry> _channels = new(StringComparer.Ordinal);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(
            _ =>
            {
                Prune(time.GetTimestamp());
                return Task.CompletedTask;
            },
            new GrainTimerCreationOptions(_options.ActiveWindow, _options.ActiveWindow) { KeepAlive = false });
        return Task.CompletedTask;
    }

    public Task ReportGatewayAsync(GatewaySubscriptions report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _gateways[report.Gateway] = new GatewayEntry(time.GetTimestamp(), report.ValidFor, report.ByPattern);
        return Task.CompletedTask;
    }

    public Task RemoveGatewayAsync(string gateway)
    {
        _gateways.Remove(gateway);
        return Task.CompletedTask;
    }

    public Task ReportChannelsAsync(ChannelActivity[] activities)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var now = time.GetTimestamp();
        foreach (var activity in activities)
        {
            // A report that only says the rate fell does not make the channel active again.
            var publishedAt = _channels.TryGetValue(activity.Channel, out var previous) && previous.Activity.Head == activity.Head
                ? previous.PublishedAt
                : now;
            _channels[activity.Channel] = new ChannelEntry(activity, publishedAt);
        }

        return Task.CompletedTask;
    }

    public Task<ChannelListing> GetChannelsAsync(string pattern)
    {
        var filter = ChannelPattern.Parse(pattern, nameof(pattern));
        Prune(time.GetTimestamp());
        var subscribers = SubscribersByPattern();
        subscribers.TryGetValue(ChannelPattern.AllChannels, out var everything);

        var names = new SortedSet<string>(StringComparer.Ordinal);
        names.UnionWith(_channels.Keys.Where(filter.Matches));
        names.UnionWith(subscribers.Keys.Where(p => !ChannelPattern.Parse(p).IsWildcard && filter.Matches(p)));

        var channels = names.Select(name =>
        {
            subscribers.TryGetValue(name, out var own);
            var prefix = ChannelPattern.PrefixPatternOf(name) is { } prefixPattern && subscribers.TryGetValue(prefixPattern, out var counts) ? counts : default;
            var activity = _channels.TryGetValue(name, out var entry) ? entry.Activity : null;
            return new ChannelStatistics(name, own + prefix + everything, activity?.Head, activity?.MessagesPerSecond ?? 0);
        });
        var patterns = subscribers
            .Where(p => ChannelPattern.Parse(p.Key).IsWildcard && (filter.Kind == ChannelPatternKind.All || filter.Value == p.Key))
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new PatternStatistics(p.Key, p.Value));
        return Task.FromResult(new ChannelListing([.. channels], [.. patterns]));
    }

    private Dictionary<string, SubscriberCounts> SubscribersByPattern()
    {
        var totals = new Dictionary<string, SubscriberCounts>(StringComparer.Ordinal);
        foreach (var gateway in _gateways.Values)
        {
            foreach (var (pattern, counts) in gateway.ByPattern)
            {
                totals[pattern] = totals.GetValueOrDefault(pattern) + counts;
            }
        }

        return totals;
    }

    private void Prune(long now)
    {
        foreach (var (id, gateway) in _gateways)
        {
            if (time.GetElapsedTime(gateway.ReportedAt, now) > gateway.ValidFor)
            {
                _gateways.Remove(id);
            }
        }

        // A channel someone subscribes to by name keeps its last head and rate however long ago it was published to.
        foreach (var (name, channel) in _channels)
        {
            if (time.GetElapsedTime(channel.PublishedAt, now) > _options.ActiveWindow && !_gateways.Values.Any(g => g.ByPattern.ContainsKey(name)))
            {
                _channels.Remove(name);
            }
        }
    }

    private sealed record GatewayEntry(long ReportedAt, TimeSpan ValidFor, Dictionary<string, SubscriberCounts> ByPattern);

    private sealed record ChannelEntry(ChannelActivity Activity, long PublishedAt);
}
