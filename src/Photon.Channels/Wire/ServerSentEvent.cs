namespace Photon.Channels.Wire;

/// <summary>One event read from an event stream.</summary>
/// <param name="EventType">The <c>event:</c> field, <c>message</c> when absent.</param>
/// <param name="Data">The <c>data:</c> lines joined with LF.</param>
/// <param name="Id">The last event id in effect when the event was dispatched, if the stream set one.</param>
public readonly record struct ServerSentEvent(string EventType, string Data, string? Id);
