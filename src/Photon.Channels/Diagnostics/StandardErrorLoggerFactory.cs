using Microsoft.Extensions.Logging;

namespace Photon.Channels.Diagnostics;

/// <summary>
/// The logger brokers use when <c>PHOTON_DEBUG</c> is set and the program supplied none: one line per entry on
/// standard error, so that debug output never mixes into a tool's standard output (an MCP server's protocol
/// stream, for instance).
/// </summary>
internal sealed class StandardErrorLoggerFactory(LogLevel minimumLevel) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, minimumLevel);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException("add providers to your own ILoggerFactory and pass it to the registry instead");

    public void Dispose()
    {
    }

    private sealed class Logger(string category, LogLevel minimumLevel) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var line = $"[photon] {logLevel} {category}: {formatter(state, exception)}";
            Console.Error.WriteLine(exception is null ? line : $"{line}{Environment.NewLine}{exception}");
        }
    }
}
