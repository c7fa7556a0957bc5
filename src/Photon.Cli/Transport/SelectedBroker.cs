using Photon.Channels;

namespace Photon.Cli.Transport;

/// <summary>The broker a command uses, with the transport and address its messages name when something fails.</summary>
/// <param name="Broker">The broker, created through the library's registry.</param>
/// <param name="Transport">The CLI's name for the transport: <c>http</c>, <c>socket</c>, <c>redis</c>, or another registered type.</param>
/// <param name="Address">Where it connects (URL or socket path), with any password hidden.</param>
internal sealed record SelectedBroker(IChannelBroker Broker, string Transport, string Address) : IAsyncDisposable
{
    public string Describe() => $"{Transport} at {Address}";

    public ValueTask DisposeAsync() => Broker.DisposeAsync();
}
