using Microsoft.Extensions.Logging;
using Photon.Channels.Emit;

namespace Photon.Kanban;

/// <summary>
/// Emitting never throws, so this is where the component hears why an emit failed: one line on standard error with
/// the cause, instead of a silent board.
/// </summary>
public sealed class EmitFailureLog(TextWriter errors) : ILogger<ChannelEmitter>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        errors.WriteLine(exception is null ? formatter(state, null) : $"{formatter(state, exception)}: {exception.GetBaseException().Message}");
    }
}
