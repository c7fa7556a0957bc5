namespace Photon.Channels;

/// <summary>
/// The process-wide broker registry, with the TypeScript API's verbs: <see cref="Get"/> (<c>getBroker</c>),
/// <see cref="Create"/>, <see cref="Register"/>, <see cref="RegisteredTypes"/>, <see cref="Set"/>,
/// <see cref="Clear"/>.
/// </summary>
public static class ChannelBrokers
{
    /// <summary>The registry behind the static methods, reading the process environment.</summary>
    public static ChannelBrokerRegistry Default { get; } = new();

    /// <inheritdoc cref="ChannelBrokerRegistry.Get"/>
    public static IChannelBroker Get() => Default.Get();

    /// <inheritdoc cref="ChannelBrokerRegistry.Create"/>
    public static IChannelBroker Create(string type, object? options = null) => Default.Create(type, options);

    /// <inheritdoc cref="ChannelBrokerRegistry.Register"/>
    public static void Register(string type, ChannelBrokerFactory factory) => Default.Register(type, factory);

    /// <inheritdoc cref="ChannelBrokerRegistry.RegisteredTypes"/>
    public static IReadOnlyList<string> RegisteredTypes => Default.RegisteredTypes;

    /// <inheritdoc cref="ChannelBrokerRegistry.Set"/>
    public static void Set(IChannelBroker broker) => Default.Set(broker);

    /// <inheritdoc cref="ChannelBrokerRegistry.Clear"/>
    public static void Clear() => Default.Clear();
}
