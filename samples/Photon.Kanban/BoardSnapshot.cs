using System.Text.Json.Serialization;

namespace Photon.Kanban;

/// <summary>The <c>board-snapshot</c> event's data: the whole board, sent when it is reset; also how it is saved.</summary>
public sealed record BoardSnapshot([property: JsonPropertyName("tasks")] IReadOnlyList<KanbanTask> Tasks);
