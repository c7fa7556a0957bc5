using System.Text.Json.Serialization;

namespace Photon.Kanban;

/// <summary>
/// The <c>task-moved</c> event's data, as in the design document's story (<c>{ taskId, newColumn }</c>), plus the
/// title and the column it left, so a board that has not seen the task yet can draw it.
/// </summary>
public sealed record TaskMoved(
    [property: JsonPropertyName("taskId")] string TaskId,
    [property: JsonPropertyName("newColumn")] string NewColumn,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("title")] string Title);
