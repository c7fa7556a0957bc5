using System.ComponentModel.DataAnnotations;

namespace Photon.Grains.Hosting;

/// <summary>Tuning of the Orleans stream provider that carries channel messages; section <c>Photon:Streams</c>.</summary>
/// <remarks>
/// Memory streams are pulled: each pulling agent polls its queue, then waits <see cref="PullPeriod"/> after a
/// poll that found nothing. Orleans' default of 100 ms gave p50 41–56 ms delivery; see the README for what
/// the defaults below measured.
/// </remarks>
public sealed class PhotonStreamOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Streams";

    /// <summary>How long a pulling agent waits after finding its queue empty. Default 2 ms.</summary>
    public TimeSpan PullPeriod { get; set; } = TimeSpan.FromMilliseconds(2);

    /// <summary>How many stream items (each a batch of messages) one pull delivers at most. Default 64.</summary>
    [Range(1, 10_000)]
    public int PullBatchSize { get; set; } = 64;

    /// <summary>How many queues stream items are spread over (each polled by one agent). Default 4.</summary>
    [Range(1, 1024)]
    public int QueueCount { get; set; } = 4;
}
