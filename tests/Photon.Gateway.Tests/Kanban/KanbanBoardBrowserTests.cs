using System.Diagnostics;
using Microsoft.Playwright;
using Photon.Gateway.Tests.Helpers;
using Photon.Kanban;
using Xunit.Abstractions;

namespace Photon.Gateway.Tests.Kanban;

/// <summary>
/// The design document's story, end to end: the Kanban board page at <c>/kanban</c> is open in a browser; the C#
/// Kanban component moves a task and emits <c>task-moved</c> through the DaemonBroker and the gateway's
/// <c>kanban.sock</c>; the card moves on the page within a second, without a reload.
/// </summary>
[Collection(ChromiumCollection.Name)]
public sealed class KanbanBoardBrowserTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    [Fact]
    public async Task The_board_moves_a_card_within_a_second_when_the_component_moves_the_task()
    {
        await using var rig = await KanbanRig.StartAsync();
        var board = rig.Board;
        var page = await chromium.NewPageAsync();
        try
        {
            await page.GotoAsync(rig.PageUrl);
            await Assertions.Expect(page.GetByTestId("board-status")).ToHaveAttributeAsync("data-state", "live");

            // The component resets the board: every open board draws the starter tasks.
            Assert.True(await board.ResetAsync());
            var card = page.Locator("li.card[data-task-id='t3']");
            await Assertions.Expect(page.Locator("ul[data-column='todo'] li.card[data-task-id='t3']")).ToBeVisibleAsync();
            await page.EvaluateAsync("() => { window.notReloaded = true; }");

            var clock = Stopwatch.StartNew();
            var (moved, emitted) = await board.MoveTaskAsync("t3", "done");
            await Assertions.Expect(page.Locator("ul[data-column='done'] li.card[data-task-id='t3']")).ToBeVisibleAsync(new() { Timeout = (float)Bound.TotalMilliseconds });
            var elapsed = clock.Elapsed;
            output.WriteLine($"the card moved {elapsed.TotalMilliseconds:0} ms after the component moved the task");

            Assert.True(emitted);
            Assert.Equal(new TaskMoved("t3", "done", "todo", "Open the web console"), moved);
            Assert.True(elapsed < Bound, $"the card moved after {elapsed.TotalMilliseconds:0} ms");
            Assert.True(await page.EvaluateAsync<bool>("() => window.notReloaded === true"), "the page was reloaded");
            await Assertions.Expect(card).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("ul[data-column='todo'] li.card")).ToHaveCountAsync(1);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_board_opened_later_is_rebuilt_from_the_channel_history()
    {
        await using var rig = await KanbanRig.StartAsync();
        Assert.True(await rig.Board.ResetAsync());
        Assert.True((await rig.Board.MoveTaskAsync("t2", "done")).Emitted);

        var page = await chromium.NewPageAsync();
        await page.GotoAsync(rig.PageUrl);

        await Assertions.Expect(page.Locator("ul[data-column='done'] li.card")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("ul[data-column='done'] li.card[data-task-id='t2'] .title")).ToHaveTextAsync("Build the gateway");
        await Assertions.Expect(page.Locator("ul[data-column='doing'] li.card")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }
}
