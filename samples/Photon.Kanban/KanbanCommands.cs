namespace Photon.Kanban;

/// <summary>Runs one <c>photon-kanban</c> command against a board and says what happened.</summary>
public sealed class KanbanCommands(KanbanBoard board, string socketPath, TextWriter output, TextWriter errors)
{
    /// <summary>Runs <paramref name="options"/>' command.</summary>
    /// <returns>The process exit code: 0 done, 1 the move was refused, 3 done but the event could not be emitted.</returns>
    public async Task<int> RunAsync(KanbanCommandLine options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (options.Command)
        {
            case "show":
                await ShowAsync(cancellationToken).ConfigureAwait(false);
                return 0;
            case "reset":
                return Emitted(await board.ResetAsync(cancellationToken).ConfigureAwait(false), "board-snapshot");
            case "move":
                return await MoveAsync(options.Arguments[0], options.Arguments[1], cancellationToken).ConfigureAwait(false);
            default:
                return await DemoAsync(options.Interval, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ShowAsync(CancellationToken cancellationToken)
    {
        var tasks = await board.LoadAsync(cancellationToken).ConfigureAwait(false);
        foreach (var column in KanbanBoard.Columns)
        {
            await output.WriteLineAsync($"{column}: {string.Join(", ", tasks.Where(t => t.Column == column).Select(t => $"{t.Id} {t.Title}"))}").ConfigureAwait(false);
        }
    }

    private async Task<int> MoveAsync(string taskId, string column, CancellationToken cancellationToken)
    {
        try
        {
            var (moved, emitted) = await board.MoveTaskAsync(taskId, column, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"{moved.TaskId} ({moved.Title}): {moved.From} -> {moved.NewColumn} on {board.Channel}").ConfigureAwait(false);
            return Emitted(emitted, "task-moved");
        }
        catch (ArgumentException ex)
        {
            await errors.WriteLineAsync(ex.Message).ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>Resets the board, then walks a task one column to the right (back to todo after done) every interval.</summary>
    private async Task<int> DemoAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        Emitted(await board.ResetAsync(cancellationToken).ConfigureAwait(false), "board-snapshot");
        await output.WriteLineAsync($"moving a task on {board.Channel} every {interval.TotalSeconds:0.#} s; Ctrl+C stops").ConfigureAwait(false);
        using var timer = new PeriodicTimer(interval);
        var turn = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                var tasks = await board.LoadAsync(cancellationToken).ConfigureAwait(false);
                var task = tasks[turn++ % tasks.Count];
                var next = KanbanBoard.Columns[(IndexOf(task.Column) + 1) % KanbanBoard.Columns.Count];
                await MoveAsync(task.Id, next, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        return 0;
    }

    private static int IndexOf(string column) => Math.Max(0, KanbanBoard.Columns.ToList().IndexOf(column));

    private int Emitted(bool emitted, string eventName)
    {
        if (emitted)
        {
            return 0;
        }

        // Emit never throws; say why nothing moved on the other boards.
        errors.WriteLine($"{eventName} was not delivered: no daemon answered on {socketPath} (start the gateway with PHOTON_DAEMON_NAMES=kanban)");
        return 3;
    }
}
