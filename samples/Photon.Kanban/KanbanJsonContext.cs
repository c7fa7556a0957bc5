using System.Text.Json.Serialization;

namespace Photon.Kanban;

/// <summary>Source-generated JSON for the board's events and its saved state.</summary>
/// <remarks>
/// Not indented: the C# DaemonBroker writes an event's data verbatim into its newline-delimited socket line, so data
/// with line breaks (indented JSON) breaks the line and the daemon never answers the publish.
/// </remarks>
[JsonSerializable(typeof(TaskMoved))]
[JsonSerializable(typeof(BoardSnapshot))]
public sealed partial class KanbanJsonContext : JsonSerializerContext;
