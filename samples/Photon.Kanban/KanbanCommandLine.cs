using System.Globalization;

namespace Photon.Kanban;

/// <summary>The command line of <c>photon-kanban</c>, parsed.</summary>
public sealed record KanbanCommandLine(string Command, IReadOnlyList<string> Arguments, string Board, string StateFile, TimeSpan Interval, string? Error)
{
    /// <summary>The photon name the component runs as, hence its daemon socket <c>kanban.sock</c>.</summary>
    public const string ComponentName = "kanban";

    /// <summary>What the command accepts.</summary>
    public const string Usage = """
        usage: photon-kanban [--board NAME] [--state FILE] <command>
          show                   print the board
          reset                  put the starter tasks back and redraw every open board
          move <task> <column>   move a task (columns: todo, doing, done) and emit task-moved
          demo [--interval S]    reset, then move a task every S seconds (default 2) until Ctrl+C
        --board defaults to demo (channel board:demo); --state to ~/.photon/kanban/<board>.json
        """;

    /// <summary>Parses <paramref name="args"/>; <see cref="Error"/> says what is wrong, with the usage.</summary>
    public static KanbanCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var board = "demo";
        string? state = null;
        var interval = TimeSpan.FromSeconds(2);
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var takesValue = args[i] is "--board" or "--state" or "--interval";
            if (takesValue && i + 1 >= args.Count)
            {
                return Failed($"{args[i]} needs a value");
            }

            switch (args[i])
            {
                case "--board":
                    board = args[++i];
                    break;
                case "--state":
                    state = args[++i];
                    break;
                case "--interval" when double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0:
                    interval = TimeSpan.FromSeconds(seconds);
                    i++;
                    break;
                case "--interval":
                    return Failed($"--interval: '{args[i + 1]}' is not a positive number of seconds");
                case "-h" or "--help":
                    return Failed(string.Empty);
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        var command = positional.Count > 0 ? positional[0] : "show";
        var arguments = positional.Skip(1).ToList();
        var error = command switch
        {
            "show" or "reset" or "demo" when arguments.Count == 0 => null,
            "move" when arguments.Count == 2 => null,
            "move" => "move needs a task and a column",
            "show" or "reset" or "demo" => $"{command} takes no arguments",
            _ => $"unknown command '{command}'",
        };
        state ??= Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".photon", "kanban", board + ".json");
        return new KanbanCommandLine(command, arguments, board, state, interval, error is null ? null : $"{error}\n{Usage}");

        KanbanCommandLine Failed(string message) =>
            new("show", [], board, state ?? string.Empty, interval, (message.Length > 0 ? message + "\n" : string.Empty) + Usage);
    }
}
