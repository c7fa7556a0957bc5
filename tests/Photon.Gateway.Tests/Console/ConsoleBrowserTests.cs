using Microsoft.Playwright;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Console;

/// <summary>The web console at <c>/</c>, in headless Chromium against a real gateway.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleBrowserTests(ChromiumFixture chromium) : ConsolePageTest(chromium, ChannelsQuery.FastStatistics())
{
    [Fact]
    public async Task The_channel_list_shows_an_active_channel_with_its_subscribers()
    {
        var channel = $"console:{Guid.NewGuid():N}";
        await using var subscriber = await SseTestClient.ConnectAsync(Gateway.Client, $"/subscribe?channel={channel}");
        await Gateway.Client.PublishAsync(channel, "listed");

        var row = Page.Locator($"#channels tr[data-channel='{channel}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task The_tail_shows_a_message_published_after_it_started()
    {
        var channel = $"console:{Guid.NewGuid():N}";
        await WatchAsync(channel);

        var id = await Gateway.Client.PublishAsync(channel, "tailed", """{"n":42}""");

        var line = await ExpectOnlyTailedAsync(id);
        await Assertions.Expect(line.Locator(".message")).ToHaveTextAsync(PublishHelpers.Expected(channel, "tailed", """{"n":42}"""));
    }

    [Fact]
    public async Task The_publish_form_publishes_to_the_channel()
    {
        var channel = $"console:{Guid.NewGuid():N}";
        await using var subscriber = await SseTestClient.ConnectAsync(Gateway.Client, $"/subscribe?channel={channel}");

        await Page.GetByLabel("Channel", new() { Exact = true }).FillAsync(channel);
        await Page.GetByLabel("Event").FillAsync("from-console");
        await Page.GetByLabel("Data (JSON)").FillAsync("""{"text":"hi"}""");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        var (id, _, data) = await subscriber.NextEventAsync();
        await Assertions.Expect(Page.GetByTestId("publish-result")).ToHaveTextAsync($"Published to {channel} as {id}.");
        Assert.Matches($$"""^\{"channel":"{{channel}}","event":"from-console","data":\{"text":"hi"\},"source":"console","timestamp":\d+\}$""", data);
    }
}
