using Microsoft.Playwright;

namespace Photon.Gateway.Tests.Helpers;

/// <summary>
/// One headless Chromium for the browser tests, driven by Playwright: the system's browser (Debian package
/// <c>chromium</c>, which <c>tests/run.sh</c> installs), never one Playwright downloads.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary><c>PHOTON_CHROMIUM</c>, else the first system Chromium found. Missing is a failure, not a skip.</summary>
    public static string ExecutablePath =>
        Environment.GetEnvironmentVariable("PHOTON_CHROMIUM") is { Length: > 0 } configured ? configured
        : Candidates.FirstOrDefault(File.Exists)
          ?? throw new InvalidOperationException($"no Chromium at {string.Join(", ", Candidates)}: install the Debian package chromium (tests/run.sh does) or set PHOTON_CHROMIUM");

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true });
    }

    /// <summary>A fresh page in its own context (no shared storage between tests).</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync();
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "chromium";
}
