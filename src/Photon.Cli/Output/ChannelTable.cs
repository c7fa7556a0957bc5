using System.Globalization;
using System.Text;
using Photon.Channels.Wire;

namespace Photon.Cli.Output;

/// <summary>The <c>channels</c> listing as an aligned text table, sorted by channel name.</summary>
internal static class ChannelTable
{
    private static readonly string[] Headers = ["CHANNEL", "SUBSCRIBERS", "SSE", "SOCKET", "REDIS", "PUBLISHED", "MSG/S", "HEAD"];

    public static string Format(IReadOnlyList<ChannelSummary> channels, Ansi ansi)
    {
        if (channels.Count == 0)
        {
            return "no active channels";
        }

        var rows = channels
            .OrderBy(c => c.Channel, StringComparer.Ordinal)
            .Select(c => new[]
            {
                c.Channel,
                Number(c.SubscriberCount),
                Number(c.Subscribers?.Sse ?? 0),
                Number(c.Subscribers?.Socket ?? 0),
                Number(c.Subscribers?.Redis ?? 0),
                Number(c.Published),
                c.MessagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture),
                c.Head ?? "-",
            })
            .ToList();
        var widths = Headers.Select((header, column) => rows.Max(row => row[column].Length) is var width && width > header.Length ? width : header.Length).ToArray();

        var text = new StringBuilder();
        text.Append(ansi.Bold(Line(Headers, widths)));
        foreach (var row in rows)
        {
            text.Append('\n').Append(Line(row, widths));
        }

        return text.ToString();
    }

    // The channel and head columns are text (left-aligned); the counts are numbers (right-aligned).
    private static string Line(string[] cells, int[] widths) => string.Join("  ", cells.Select((cell, column) =>
        column is 0 or 7 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))).TrimEnd();

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
