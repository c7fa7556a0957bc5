using Microsoft.Playwright;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Console;

/// <summary>A real gateway with <paramref name="settings"/> and a headless Chromium page on its console, fresh for each test.</summary>
public abstract class ConsolePageTest(ChromiumFixture chromium, IDictionary<string, string?> settings) : IAsyncLifetime
{
    protected GatewayHost Gateway { get; private set; } = null!;

    protected IPage Page { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Gateway = await GatewayHost.StartAsync(settings);
        Page = await chromium.NewPageAsync();
        await Page.GotoAsync(Gateway.BaseAddress.ToString());
    }

    public async Task DisposeAsync()
    {
        await Page.Context.CloseAsync();
        await Gateway.DisposeAsync();
    }

    /// <summary>Starts the live tail on <paramref name="channel"/> and waits until it is live.</summary>
    protected async Task WatchAsync(string channel)
    {
        await Page.GetByLabel("Channel or pattern").FillAsync(channel);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Watch" }).ClickAsync();
        await Assertions.Expect(Page.GetByTestId("tail-status")).ToHaveAttributeAsync("data-state", "live");
    }

    /// <summary>Expects the tail to show exactly one message, the one with <paramref name="id"/>, and returns its line.</summary>
    protected async Task<ILocator> ExpectOnlyTailedAsync(string id)
    {
        var line = Page.GetByTestId("tail").Locator("li");
        await Assertions.Expect(line).ToHaveCountAsync(1);
        await Assertions.Expect(line.Locator(".id")).ToHaveTextAsync(id);
        return line;
    }
}
