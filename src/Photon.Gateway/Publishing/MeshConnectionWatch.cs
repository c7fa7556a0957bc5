namespace Photon.Gateway.Publishing;

/// <summary>
/// Tells a gateway that is a cluster client when one of its connections to the silos' gateways closed, so the
/// publishes in flight fail at once instead of after the 30 s response timeout.
/// </summary>
/// <remarks>
/// An Orleans client does not fail the requests it sent through a gateway connection that closes: they wait for
/// their response timeout even once the silo is dead. A publish in flight then has an unknown outcome either way;
/// answering <c>unavailable</c> at once lets its publisher retry (with its idempotency key, harmlessly) on a healthy
/// connection. The watch cannot tell which connection a call used, so the loss of any one fails every call in
/// flight. A co-hosted silo is never told and its token never cancels: silos fail the calls to a dead silo themselves.
/// </remarks>
internal sealed class MeshConnectionWatch : IClusterConnectionStatusObserver
{
    private CancellationTokenSource? _untilNextLoss;

    /// <summary>Cancelled when a connection to the mesh closes; <see cref="CancellationToken.None"/> until the first one opens.</summary>
    public CancellationToken LostToken => Volatile.Read(ref _untilNextLoss)?.Token ?? CancellationToken.None;

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

    // Not disposed: a publish may still be reading the old source's token, and one without timers holds nothing.
    private void Lost() => Interlocked.Exchange(ref _untilNextLoss, new CancellationTokenSource())?.Cancel();
}
