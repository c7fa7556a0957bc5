using Photon.Channels.Emit;

namespace Photon.Kanban;

/// <summary>
/// The design document's story in C#: a Photon-style component that owns a Kanban board, and whose
/// <see cref="MoveTaskAsync"/> moves a task and then emits <c>task-moved</c> on <c>board:&lt;name&gt;</c>, so every
/// other process showing the board (the gateway's <c>/kanban</c> page, another agent) updates at once.
/// </summary>
/// <remarks>
/// The board is kept in a JSON file, so separate runs of the command (separate processes, like separate MCP calls)
/// share it. Emitting is best-effort, as <c>emit()</c> is in Photon: the move stands even when no broker is reachable.
/// </remarks>
public sealed class KanbanBoard(string name, string stateFile, ChannelEmitter emitter)
{
    /// <summary>The board's columns, left to right.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["todo", "doing", "done"];

    /// <summary>The tasks a new board starts with.</summary>
    public static IReadOnlyList<KanbanTask> StarterTasks { get; } =
    [
        new("t1", "Write the channel spec", "done"),
        new("t2", "Build the gateway", "doing"),
        new("t3", "Open the web console", "todo"),
        new("t4", "Watch this board move", "todo"),
    ];

    /// <summary>The board's name; its channel is <see cref="Channel"/>.</summary>
    public string Name => name;

    /// <summary>The channel the board's events go to.</summary>
    public string Channel => $"board:{name}";

    /// <summary>The board as saved (the starter tasks before the first save).</summary>
    public async Task<IReadOnlyList<KanbanTask>> LoadAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(stateFile))
        {
            return StarterTasks;
        }

        await using var stream = File.OpenRead(stateFile);
        var snapshot = await System.Text.Json.JsonSerializer.DeserializeAsync(stream, KanbanJsonContext.Default.BoardSnapshot, cancellationToken).ConfigureAwait(false);
        return snapshot?.Tasks ?? StarterTasks;
    }

    /// <summary>Puts the starter tasks back and emits <c>board-snapshot</c> so every board redraws.</summary>
    public async Task<bool> ResetAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = new BoardSnapshot(StarterTasks);
        await SaveAsync(snapshot, cancellationToken).ConfigureAwait(false);
        return await emitter.EmitAsync(Channel, "board-snapshot", snapshot, KanbanJsonContext.Default.BoardSnapshot, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Moves <paramref name="taskId"/> to <paramref name="column"/>, saves the board, then emits <c>task-moved</c>.</summary>
    /// <returns>The event sent, and whether the broker took it.</returns>
    /// <exception cref="ArgumentException">There is no such task or column.</exception>
    public async Task<(TaskMoved Moved, bool Emitted)> MoveTaskAsync(string taskId, string column, CancellationToken cancellationToken = default)
    {
        if (!Columns.Contains(column))
        {
            throw new ArgumentException($"no column '{column}' (columns: {string.Join(", ", Columns)})", nameof(column));
        }

        var tasks = (await LoadAsync(cancellationToken).ConfigureAwait(false)).ToList();
        var index = tasks.FindIndex(t => t.Id == taskId);
        if (index < 0)
        {
            throw new ArgumentException($"no task '{taskId}' (tasks: {string.Join(", ", tasks.Select(t => t.Id))})", nameof(taskId));
        }

        var task = tasks[index];
        tasks[index] = task with { Column = column };
        await SaveAsync(new BoardSnapshot(tasks), cancellationToken).ConfigureAwait(false);

        var moved = new TaskMoved(task.Id, column, task.Column, task.Title);
        var emitted = await emitter.EmitAsync(Channel, "task-moved", moved, KanbanJsonContext.Default.TaskMoved, cancellationToken).ConfigureAwait(false);
        return (moved, emitted);
    }

    private async Task SaveAsync(BoardSnapshot snapshot, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(stateFile))!);
        var temporary = stateFile + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await System.Text.Json.JsonSerializer.SerializeAsync(stream, snapshot, KanbanJsonContext.Default.BoardSnapshot, cancellationToken).ConfigureAwait(false);
        }

        // Replaced whole, so a concurrent run never reads half a board.
        File.Move(temporary, stateFile, overwrite: true);
    }
}
