using Photon.Channels;

namespace Photon.Cli.Transport;

/// <summary>The broker a command uses, with the transport and addresses its messages name when something fails.</summary>
/// <param name="Broker">The broker, created through the library's registry.</param>
/// <param name="Transport">The CLI's name for the transport: <c>http</c>, <c>socket</c>, <c>redis</c>, or another registered type.</param>
/// <param name="PublishAddress">Where publishes go (URL or socket path), with any password hidden.</param>
/// <param name="SubscribeAddress">Where subscriptions are opened.</param>
internal sealed record SelectedBroker(IChannelBroker Broker, string Transport, string PublishAddress, string SubscribeAddress) : IAsyncDisposable
{
    public SelectedBroker(IChannelBroker broker, string transport, string address)
        : this(broker, transport, address, address)
    {
    }

    public string DescribePublish() => $"{Transport} at {PublishAddress}";

    public string DescribeSubscribe() => $"{Transport} at {SubscribeAddress}";

    public ValueTask DisposeAsync() => Broker.DisposeAsync();
}
