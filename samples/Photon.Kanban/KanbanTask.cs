using System.Text.Json.Serialization;

namespace Photon.Kanban;

/// <summary>A card on the board.</summary>
/// <param name="Id">Its id, such as <c>t1</c>.</param>
/// <param name="Title">What it says.</param>
/// <param name="Column">Where it is: one of <see cref="KanbanBoard.Columns"/>.</param>
public sealed record KanbanTask(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("column")] string Column);
