using System.ComponentModel.DataAnnotations;

namespace Photon.Grains;

/// <summary>Limits of every channel grain; configuration section <c>Photon:Channels</c>.</summary>
public sealed class ChannelGrainOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Photon:Channels";

    /// <summary>How many recent messages each channel keeps for resuming subscribers. Default 1,000.</summary>
    [Range(0, 1_000_000)]
    public int HistoryMaxCount { get; set; } = 1000;

    /// <summary>How long a message stays in the history. Default 10 minutes.</summary>
    public TimeSpan HistoryMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How many payload bytes the history of one channel may hold. Default 16 MiB.</summary>
    [Range(0, long.MaxValue)]
    public long HistoryMaxBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>The largest message accepted, in bytes of JSON. Default 1 MiB.</summary>
    [Range(64, 64 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>The most messages put on a stream as one batch. Default 256.</summary>
    [Range(1, 100_000)]
    public int MaxBatchCount { get; set; } = 256;

    /// <summary>The most payload bytes put on a stream or sent to an observer as one batch (a single larger message still goes alone). Default 1 MiB.</summary>
    [Range(1, int.MaxValue)]
    public int MaxBatchBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// How long a channel remembers a publisher's idempotency key (<c>Idempotency-Key</c>, a webhook delivery id):
    /// a retry within it publishes nothing new. Default 24 hours, as Stripe keeps its keys.
    /// </summary>
    public TimeSpan IdempotencyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The most idempotency keys one channel remembers; the oldest are forgotten first. Default 10,000.</summary>
    [Range(0, 1_000_000)]
    public int IdempotencyMaxKeys { get; set; } = 10_000;

    /// <summary>
    /// How long an attached observer (a gateway) stays attached without renewing. Gateways renew at every stall
    /// check (<c>Photon:Gateway:StallCheckInterval</c>, 5 s by default), which must be well within this. Default 30 s.
    /// </summary>
    public TimeSpan ObserverLeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many messages may wait for one observer before its backlog is dropped (it repairs them from the
    /// history). Default 10,000.
    /// </summary>
    [Range(1, 10_000_000)]
    public int MaxObserverBacklog { get; set; } = 10_000;
}
