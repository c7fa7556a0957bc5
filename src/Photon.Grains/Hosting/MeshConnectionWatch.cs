namespace Photon.Grains.Hosting;

/// <summary>
/// For a cluster client (a gateway in client mode, a process using the OrleansBroker): fails every grain call in
/// flight as soon as one of its connections to the silos' gateways closes, instead of after the 30 s response timeout.
/// </summary>
/// <remarks>
/// An Orleans client does not fail the requests it sent through a gateway connection that closes: they wait for
/// their response timeout even once the silo is dead (CI's fault run saw publishes hang 30 s after a silo was
/// killed). A call in flight then has an unknown outcome either way; failing it at once with
/// <see cref="SiloUnavailableException"/> lets a publisher retry (with its idempotency key, harmlessly) and a
/// subscriber reconnect, over a healthy connection. The client does not say which connection closed, so the loss of
/// any one fails every call in flight, on the others too: a silo that stops gracefully costs the few calls that
/// were in flight at that moment a retry. Registered by <see cref="PhotonClientBuilderExtensions.AddPhotonChannels"/>;
/// silos need none of it: they fail calls to a dead silo themselves.
/// </remarks>
internal sealed class MeshConnectionWatch : IClusterConnectionStatusObserver, IOutgoingGrainCallFilter
{
    private CancellationTokenSource? _untilNextLoss;

    /// <summary>Cancelled when a connection to the mesh closes; <see cref="CancellationToken.None"/> until the first one opens.</summary>
    private CancellationToken LostToken => Volatile.Read(ref _untilNextLoss)?.Token ?? CancellationToken.None;

    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            Lost();
        }
        else
        {
            Interlocked.CompareExchange(ref _untilNextLoss, new CancellationTokenSource(), null);
        }
    }

    public void NotifyClusterConnectionLost() => Lost();

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lost = LostToken;
        if (!lost.CanBeCanceled)
        {
            await context.Invoke().ConfigureAwait(false);
            return;
        }

        var call = context.Invoke();
        try
        {
            await call.WaitAsync(lost).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lost.IsCancellationRequested)
        {
            // The abandoned call still ends (by its timeout): observe it, nobody else will.
            _ = call.ContinueWith(static done => done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw new SiloUnavailableException(
                $"a connection to the channel mesh closed while {context.InterfaceName}.{context.MethodName} was in flight; it may or may not have taken effect");
        }
    }

    // Not disposed: a call may still be reading the old source's token, and one without timers holds nothing.
    private void Lost() => Interlocked.Exchange(ref _untilNextLoss, new CancellationTokenSource())?.Cancel();
}
