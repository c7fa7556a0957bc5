using Microsoft.Extensions.Options;
using Photon.Gateway.Redis;
using Photon.Grains.Contracts;
using Photon.Grains.Statistics;

namespace Photon.Gateway.Statistics;

/// <summary>
/// Reports this gateway's subscribers (and, on the gateway that bridges Redis, Redis's) to the cluster's
/// <see cref="IChannelDirectoryGrain"/> every <see cref="ChannelStatisticsOptions.ReportInterval"/>. Each report
/// stands for three intervals, so a gateway that dies stops being counted within that time; one that stops
/// properly withdraws its report at once.
/// </summary>
internal sealed partial class SubscriptionReporter(
    IGrainFactory grains,
    SubscriberCensus census,
    RedisBridge redis,
    IOptions<ChannelStatisticsOptions> options,
    ILogger<SubscriptionReporter> logger) : BackgroundService
{
    private static readonly TimeSpan WithdrawTimeout = TimeSpan.FromSeconds(2);

    private readonly string _gateway = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    private IChannelDirectoryGrain Directory => grains.GetGrain<IChannelDirectoryGrain>(IChannelDirectoryGrain.Key);

    /// <summary>Reports now; the loop calls it every interval, and a test may call it to skip the wait.</summary>
    public async Task ReportAsync()
    {
        var byPattern = census.ByPattern();
        foreach (var (channel, count) in await redis.CountRedisSubscribersAsync().ConfigureAwait(false))
        {
            byPattern[channel] = byPattern.GetValueOrDefault(channel) + new SubscriberCounts(0, 0, count);
        }

        await Directory.ReportGatewayAsync(new GatewaySubscriptions(_gateway, byPattern, options.Value.GatewayReportLifetime)).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Directory.RemoveGatewayAsync(_gateway).WaitAsync(WithdrawTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException or OperationCanceledException)
        {
            // The report runs out by itself.
            Log.WithdrawFailed(logger, ex);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReportInterval);
        do
        {
            try
            {
                await ReportAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                Log.ReportFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Reporting this gateway's subscribers to the channel directory failed; retrying next interval")]
        public static partial void ReportFailed(ILogger logger, Exception exception);

        [LoggerMessage(2, LogLevel.Debug, "Withdrawing this gateway's subscriber report failed; it runs out by itself")]
        public static partial void WithdrawFailed(ILogger logger, Exception exception);
    }
}
