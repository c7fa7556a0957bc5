using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Photon.Channels.Emit;

/// <summary>
/// The <c>emit()</c> of a Photon component: publishes to a channel on a best-effort basis and never throws, so
/// that a missing or broken broker never fails the component's own work.
/// </summary>
/// <remarks>
/// A channel without <c>:</c> is put under the component (<c>emit("updates")</c> in <c>kanban</c> publishes to
/// <c>kanban:updates</c>); the event defaults to <c>message</c>; <c>timestamp</c> is now and <c>source</c> the
/// component's name.
/// </remarks>
public sealed partial class ChannelEmitter
{
    private readonly Func<IChannelBroker> _broker;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates an emitter for <paramref name="componentName"/>.</summary>
    /// <param name="componentName">The component's name: the prefix of unqualified channels and the <c>source</c> of its messages.</param>
    /// <param name="broker">The broker to publish through; the auto-detected <see cref="ChannelBrokers.Get"/> when not given.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="timeProvider">The clock for timestamps.</param>
    public ChannelEmitter(string componentName, IChannelBroker? broker = null, ILogger<ChannelEmitter>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(componentName);
        ComponentName = componentName;
        _broker = broker is null ? ChannelBrokers.Get : () => broker;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The component's name.</summary>
    public string ComponentName { get; }

    /// <summary>The channel a component-relative name stands for: <paramref name="channel"/> when it holds <c>:</c>, else <c>&lt;component&gt;:&lt;channel&gt;</c>.</summary>
    public string QualifyChannel(string channel) =>
        channel.Contains(ChannelName.Separator, StringComparison.Ordinal) ? channel : $"{ComponentName}{ChannelName.Separator}{channel}";

    /// <summary>Publishes <paramref name="data"/> on <paramref name="channel"/>; never throws.</summary>
    /// <returns>Whether the broker accepted the message.</returns>
    public async ValueTask<bool> EmitAsync(string channel, string? eventName = null, JsonElement data = default, CancellationToken cancellationToken = default)
    {
        try
        {
            var message = new ChannelMessage
            {
                Channel = QualifyChannel(channel),
                Event = string.IsNullOrEmpty(eventName) ? EventName.Default : eventName,
                Data = data,
                Timestamp = _time.GetUtcNow().ToUnixTimeMilliseconds(),
                Source = ComponentName,
            };
            await _broker().PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return true;
        }
#pragma warning disable CA1031 // Emitting is best-effort by contract: no failure may reach the component.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.EmitFailed(_logger, channel, ex);
            return false;
        }
    }

    /// <summary>Publishes <paramref name="data"/>, serialised with <paramref name="typeInfo"/>, on <paramref name="channel"/>; never throws.</summary>
    /// <returns>Whether the broker accepted the message.</returns>
    public ValueTask<bool> EmitAsync<T>(string channel, string? eventName, T data, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        JsonElement element;
        try
        {
            element = JsonSerializer.SerializeToElement(data, typeInfo);
        }
#pragma warning disable CA1031 // As above: a payload that cannot be serialised is logged, not thrown.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.EmitFailed(_logger, channel, ex);
            return ValueTask.FromResult(false);
        }

        return EmitAsync(channel, eventName, element, cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Could not emit on {Channel}")]
        public static partial void EmitFailed(ILogger logger, string channel, Exception exception);
    }
}
