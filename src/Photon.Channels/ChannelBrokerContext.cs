using Microsoft.Extensions.Logging;

namespace Photon.Channels;

/// <summary>What a broker factory gets: the caller's options, the environment to read defaults from, and logging.</summary>
/// <param name="Options">Broker-specific options (for example <see cref="Http.HttpBrokerOptions"/>), or <see langword="null"/> to configure from <paramref name="Environment"/>.</param>
/// <param name="Environment">Reads an environment variable.</param>
/// <param name="LoggerFactory">Where the broker logs.</param>
public sealed record ChannelBrokerContext(object? Options, Func<string, string?> Environment, ILoggerFactory LoggerFactory)
{
    /// <summary>The options as <typeparamref name="TOptions"/>; when none were given, <paramref name="fromEnvironment"/> builds them.</summary>
    /// <exception cref="InvalidOperationException">Options of another type were given.</exception>
    public TOptions OptionsOr<TOptions>(Func<Func<string, string?>, TOptions> fromEnvironment)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(fromEnvironment);
        return Options switch
        {
            null => fromEnvironment(Environment),
            TOptions options => options,
            _ => throw new InvalidOperationException($"expected options of type {typeof(TOptions).Name}, got {Options.GetType().Name}"),
        };
    }
}

/// <summary>Creates a broker of one type.</summary>
public delegate IChannelBroker ChannelBrokerFactory(ChannelBrokerContext context);
