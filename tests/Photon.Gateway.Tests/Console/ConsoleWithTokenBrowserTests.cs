using Microsoft.Playwright;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Console;

/// <summary>The web console on a gateway that requires a token: given once, it serves the list, the form and the live tail.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleWithTokenBrowserTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private const string Token = "console-s3cret-token";

    private GatewayHost _gateway = null!;
    private IPage _page = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayHost.StartAsync(ChannelsQuery.FastStatistics(new Dictionary<string, string?> { ["Photon:Gateway:AuthToken"] = Token }));
        _page = await chromium.NewPageAsync();
        await _page.GotoAsync(_gateway.BaseAddress.ToString());
    }

    public async Task DisposeAsync()
    {
        await _page.Context.CloseAsync();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task The_tail_works_once_the_token_is_given()
    {
        await _page.GetByLabel("Bearer token").FillAsync(Token);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();

        var channel = $"console:{Guid.NewGuid():N}";
        await _page.GetByLabel("Channel or pattern").FillAsync(channel);
        await _page.GetByRole(AriaRole.Button, new() { Name = "Watch" }).ClickAsync();
        await Assertions.Expect(_page.GetByTestId("tail-status")).ToHaveAttributeAsync("data-state", "live");

        var id = await _gateway.Client.PublishAsync(channel, "tailed", token: Token);

        var line = _page.GetByTestId("tail").Locator("li");
        await Assertions.Expect(line).ToHaveCountAsync(1);
        await Assertions.Expect(line.Locator(".id")).ToHaveTextAsync(id);
    }
}
