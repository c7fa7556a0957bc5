using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Photon.Channels.Internal;
using Photon.Channels.Wire;

namespace Photon.Channels.Http;

/// <summary>
/// One event stream for one channel or pattern, shared by its handlers, reopened whenever it ends until the
/// last handler leaves.
/// </summary>
internal sealed partial class HttpChannelStream : IDisposable
{
    // A connection that lived this long, or delivered anything, was healthy: the next failure starts the backoff over.
    private static readonly TimeSpan HealthyConnection = TimeSpan.FromSeconds(10);

    private readonly HttpBroker _broker;
    private readonly ChannelPattern _pattern;
    private readonly Uri _url;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _firstOpen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CopyOnWriteList<HttpSubscription> _subscriptions = new();
    private string? _lastEventId;
    private TimeSpan? _serverRetry;
    private volatile bool _open;
    private volatile bool _stopped;
    private bool _loopEnded;

    public HttpChannelStream(HttpBroker broker, ChannelPattern pattern, Uri subscribeUrl, string? lastEventId, bool shared)
    {
        _broker = broker;
        _pattern = pattern;
        _url = WithChannel(subscribeUrl, pattern.Value);
        _lastEventId = lastEventId;
        IsShared = shared;
    }

    public bool IsShared { get; }

    public bool IsOpen => _open;

    public bool IsStopped => _stopped;

    public void Add(HttpSubscription subscription) => _subscriptions.Add(subscription);

    /// <summary>Removes a handler; true when it was the last.</summary>
    public bool Remove(HttpSubscription subscription) => _subscriptions.Remove(subscription);

    /// <summary>Starts the stream when <paramref name="start"/>, then waits until its first connection is open.</summary>
    /// <exception cref="ChannelBrokerException">The first connection was refused or failed.</exception>
    public Task WaitUntilOpenAsync(bool start, CancellationToken cancellationToken)
    {
        if (start)
        {
            _ = RunAsync();
        }

        return _firstOpen.Task.WaitAsync(cancellationToken);
    }

    public void Stop()
    {
        lock (_stop)
        {
            _stopped = true;
            _open = false;
            if (!_loopEnded)
            {
                _stop.Cancel();
            }
        }

        _firstOpen.TrySetException(new ChannelBrokerException($"the subscription to {_pattern} was closed"));
    }

    public void Dispose() => Stop();

    private async Task RunAsync()
    {
        var failures = 0;
        while (!_stop.IsCancellationRequested)
        {
            var started = DateTimeOffset.UtcNow;
            var delivered = false;
            try
            {
                delivered = await ConnectAndReadAsync().ConfigureAwait(false);
                Log.StreamEnded(_broker.Logger, _pattern.Value);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or InvalidDataException or OperationCanceledException or ChannelBrokerException)
            {
                if (_firstOpen.TrySetException(new ChannelBrokerException($"subscribing to {_pattern} at {_url} failed: {ex.Message}", ex))
                    || ex is SubscriptionRefusedException)
                {
                    // The first connection failed, or the server refused: the caller (or the log) hears of it and the stream ends.
                    Log.StreamFailed(_broker.Logger, _pattern.Value, ex);
                    break;
                }

                Log.StreamBroken(_broker.Logger, _pattern.Value, ex.Message);
            }
            finally
            {
                _open = false;
            }

            failures = delivered || DateTimeOffset.UtcNow - started >= HealthyConnection ? 0 : failures + 1;
            var delay = ReconnectDelay(failures);
            Log.Reconnecting(_broker.Logger, _pattern.Value, delay, _lastEventId);
            try
            {
                await Task.Delay(delay, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        lock (_stop)
        {
            _stopped = true;
            _open = false;
            _loopEnded = true;
            _stop.Dispose();
        }
    }

    private TimeSpan ReconnectDelay(int failures) =>
        ReconnectBackoff.Delay(_serverRetry ?? _broker.Options.ReconnectDelay, _broker.Options.MaxReconnectDelay, failures);

    /// <returns>Whether any event was delivered before the stream ended.</returns>
    private async Task<bool> ConnectAndReadAsync()
    {
        using var request = _broker.CreateRequest(HttpMethod.Get, _url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.CacheControl = new() { NoCache = true };
        if (_lastEventId is { } lastEventId)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        HttpResponseMessage response;
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
        {
            connectTimeout.CancelAfter(_broker.Options.Timeout);
            response = await _broker.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, connectTimeout.Token).ConfigureAwait(false);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync(_stop.Token).ConfigureAwait(false);
                var message = $"SSE connection failed: {(int)response.StatusCode} {response.ReasonPhrase} - {body}";
                throw IsPermanent(response.StatusCode) ? new SubscriptionRefusedException(message) : new ChannelBrokerException(message);
            }

            _open = true;
            _firstOpen.TrySetResult();
            Log.StreamOpened(_broker.Logger, _pattern.Value, _lastEventId);

            var delivered = false;
            var parser = new ServerSentEventParser();
            var events = new List<ServerSentEvent>();
            var stream = await response.Content.ReadAsStreamAsync(_stop.Token).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false)) > 0)
                {
                    parser.Feed(buffer.AsSpan(0, read), events);
                    _serverRetry = parser.Retry ?? _serverRetry;
                    foreach (var serverSentEvent in events)
                    {
                        delivered |= await DispatchAsync(serverSentEvent).ConfigureAwait(false);
                        _lastEventId = serverSentEvent.Id ?? _lastEventId;
                    }

                    // The gateway opens every stream with a data-less "id:" frame, the position it starts after: a
                    // stream cut before its first message must resume from there too, or what was published while
                    // it was down is lost.
                    _lastEventId = parser.LastEventId ?? _lastEventId;
                    events.Clear();
                }
            }

            return delivered;
        }
    }

    private async ValueTask<bool> DispatchAsync(ServerSentEvent serverSentEvent)
    {
        switch (serverSentEvent.EventType)
        {
            case "message" or "channel":
                ChannelMessage message;
                try
                {
                    message = ChannelMessageJson.Parse(Encoding.UTF8.GetBytes(serverSentEvent.Data)) with { EventId = serverSentEvent.Id };
                }
                catch (ChannelMessageFormatException ex)
                {
                    Log.MalformedMessage(_broker.Logger, _pattern.Value, ex.Message);
                    return false;
                }

                if (!_pattern.Matches(message.Channel))
                {
                    return false;
                }

                foreach (var subscription in _subscriptions.Items)
                {
                    if (subscription.IsActive)
                    {
                        await HandlerInvoker.InvokeAsync(subscription.Handler, message, _broker.Logger, _stop.Token).ConfigureAwait(false);
                    }
                }

                return true;

            case ChannelGap.EventName:
                var gap = TryReadGap(serverSentEvent.Data);
                Log.GapReported(_broker.Logger, _pattern.Value, gap?.Reason);
                if (gap is not null)
                {
                    foreach (var subscription in _subscriptions.Items)
                    {
                        subscription.OnGap?.Invoke(gap);
                    }
                }

                return false;

            case ChannelDisconnect.EventName:
                // The server is about to cut the stream (too slow, or shutting down); the reconnect resumes from the last id.
                Log.DisconnectNotice(_broker.Logger, _pattern.Value, serverSentEvent.Data);
                return false;

            default:
                return false;
        }
    }

    private static ChannelGap? TryReadGap(string data)
    {
        try
        {
            return JsonSerializer.Deserialize(data, PhotonJsonContext.Default.ChannelGap);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // 4xx means the request itself is wrong (bad token, bad channel): retrying cannot help. 408 and 429 can.
    private static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 && status is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);

    private static Uri WithChannel(Uri subscribeUrl, string channel)
    {
        // Keep the URL's other query parameters and replace any channel parameter, as URLSearchParams.set does.
        var kept = subscribeUrl.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !pair.StartsWith("channel=", StringComparison.Ordinal) && pair != "channel");
        var query = string.Join('&', kept.Append("channel=" + Uri.EscapeDataString(channel)));
        return new UriBuilder(subscribeUrl) { Query = query }.Uri;
    }

    private sealed class SubscriptionRefusedException(string message) : ChannelBrokerException(message);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "SSE stream for {Channel} opened (Last-Event-ID {LastEventId})")]
        public static partial void StreamOpened(ILogger logger, string channel, string? lastEventId);

        [LoggerMessage(2, LogLevel.Debug, "SSE stream for {Channel} ended")]
        public static partial void StreamEnded(ILogger logger, string channel);

        [LoggerMessage(3, LogLevel.Warning, "SSE stream for {Channel} broke: {Reason}")]
        public static partial void StreamBroken(ILogger logger, string channel, string reason);

        [LoggerMessage(4, LogLevel.Error, "SSE subscription to {Channel} failed and will not be retried")]
        public static partial void StreamFailed(ILogger logger, string channel, Exception exception);

        [LoggerMessage(5, LogLevel.Debug, "Reopening the SSE stream for {Channel} in {Delay} from {LastEventId}")]
        public static partial void Reconnecting(ILogger logger, string channel, TimeSpan delay, string? lastEventId);

        [LoggerMessage(6, LogLevel.Warning, "Dropped a malformed message on {Channel}: {Reason}")]
        public static partial void MalformedMessage(ILogger logger, string channel, string reason);

        [LoggerMessage(9, LogLevel.Warning, "The server is closing the SSE stream for {Channel}: {Notice}")]
        public static partial void DisconnectNotice(ILogger logger, string channel, string notice);

        [LoggerMessage(8, LogLevel.Warning, "The server could not resume {Channel} ({Reason}): messages were missed")]
        public static partial void GapReported(ILogger logger, string channel, string? reason);
    }
}
