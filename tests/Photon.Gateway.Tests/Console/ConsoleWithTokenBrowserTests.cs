using Microsoft.Playwright;
using Photon.Gateway.Tests.Helpers;
using Photon.Testing;

namespace Photon.Gateway.Tests.Console;

/// <summary>The web console on a gateway that requires a token: given once, it serves the list, the form and the live tail.</summary>
[Collection(ChromiumCollection.Name)]
public sealed class ConsoleWithTokenBrowserTests(ChromiumFixture chromium)
    : ConsolePageTest(chromium, ChannelsQuery.FastStatistics(new Dictionary<string, string?> { ["Photon:Gateway:AuthToken"] = Token }))
{
    private const string Token = "console-s3cret-token";

    [Fact]
    public async Task The_tail_works_once_the_token_is_given()
    {
        await Page.GetByLabel("Bearer token").FillAsync(Token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Use token" }).ClickAsync();

        var channel = $"console:{Guid.NewGuid():N}";
        await WatchAsync(channel);

        var id = await Gateway.Client.PublishAsync(channel, "tailed", token: Token);

        await ExpectOnlyTailedAsync(id);
    }
}
