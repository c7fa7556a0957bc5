using System.Diagnostics;
using System.IO.Compression;
using Photon.Testing;

namespace Photon.Cli.Tests;

/// <summary><c>dotnet pack</c> of <c>src/Photon.Cli</c> makes a dotnet tool package whose command is <c>photon-channels</c>.</summary>
[Trait("Category", "Integration")]
public sealed class PackTests
{
    [Fact]
    public async Task Pack_makes_a_tool_package_with_the_photon_channels_command()
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var output = Directory.CreateTempSubdirectory("photon-cli-pack-");
        try
        {
            // --no-build: the test run has built the tool already (the test project references it).
            var start = new ProcessStartInfo("dotnet", ["pack", Path.Combine(RepositoryRoot.Path, "src", "Photon.Cli", "Photon.Cli.csproj"), "-c", configuration, "--no-build", "-o", output.FullName, "-nologo", "-v", "q"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var pack = Process.Start(start)!;
            var log = pack.StandardOutput.ReadToEndAsync();
            var errors = pack.StandardError.ReadToEndAsync();
            await pack.WaitForExitAsync();
            Assert.True(pack.ExitCode == 0, $"dotnet pack failed: {await log}{await errors}");

            var package = Assert.Single(output.GetFiles("Photon.Channels.Cli.*.nupkg"));
            using var zip = ZipFile.OpenRead(package.FullName);
            var settings = zip.GetEntry("tools/net10.0/any/DotnetToolSettings.xml");
            Assert.NotNull(settings);
            using var reader = new StreamReader(settings.Open());
            Assert.Contains("""<Command Name="photon-channels" EntryPoint="photon-channels.dll" Runner="dotnet" />""", await reader.ReadToEndAsync(), StringComparison.Ordinal);
            Assert.NotNull(zip.GetEntry("tools/net10.0/any/photon-channels.dll"));
            Assert.NotNull(zip.GetEntry("tools/net10.0/any/Photon.Gateway.dll"));
            Assert.NotNull(zip.GetEntry("tools/net10.0/any/appsettings.json"));
        }
        finally
        {
            output.Delete(recursive: true);
        }
    }
}
