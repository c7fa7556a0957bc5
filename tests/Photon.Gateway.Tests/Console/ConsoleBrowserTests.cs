using Microsoft.Playwright;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Console;

/// <summary>The web console at <c>/</c>, in headless Chromium against a real gateway.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics());
        _page = await chromium.NewPageAsync();
        await _page.GotoAsync(_gateway.BaseAddress.ToString());
    }

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_channel_list_shows_an_active_channel_with_its_subscribers()
    {
        var channel = $"console:{Guid.NewGuid():N}";
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}");
        await _gateway.Client.PublishAsync(channel, "listed");

        var row = _page.Locator($"#channels tr[data-channel='{channel}']");
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Assertions.Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("1");
    }

    [Fact]
    public async Task The_tail_shows_a_message_published_after_it_started()
    {
        var channel = $"console:{Guid.NewGuid():N}";
        await _page.GetByLabel("Channel or pattern").FillAsync(channel);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Watch" }).ClickAsync();
        await Assertions.Expect(_page.GetByTestId("tail-status")).ToHaveAttributeAsync("data-state", "live");

        var id = await _gateway.Client.PublishAsync(channel, "tailed", """{"n":42}""");

        var line = _page.GetByTestId("tail").Locator("li");
        await Assertions.Expect(line).ToHaveCountAsync(1);
        await Assertions.Expect(line.Locator(".id")).ToHaveTextAsync(id);
        await Assertions.Expect(line.Locator(".message")).ToHaveTextAsync(PublishHelpers.Expected(channel, "tailed", """{"n":42}"""));
    }

    [Fact]
    public async Task The_publish_form_publishes_to_the_channel()
    {
        var channel = $"console:{Guid.NewGuid():N}";
        await using var subscriber = await SseTestClient.ConnectAsync(_gateway.Client, $"/subscribe?channel={channel}");

        await _page.GetByLabel("Channel", new() { Exact = true }).FillAsync(channel);
        await _page.GetByLabel("Event").FillAsync("from-console");
        await _page.GetByLabel("Data (JSON)").FillAsync("""{"text":"hi"}""");
        await _page.GetByRole(AriaRole.Button, new() { Name = "Publish" }).ClickAsync();

        var (id, _, data) = await subscriber.NextEventAsync();
        await Assertions.Expect(_page.GetByTestId("publish-result")).ToHaveTextAsync($"Published to {channel} as {id}.");
        Assert.Matches($$"""^\{"channel":"{{channel}}","event":"from-console","data":\{"text":"hi"\},"source":"console","timestamp":\d+\}$""", data);
    }
}
