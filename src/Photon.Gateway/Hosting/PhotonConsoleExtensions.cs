using Photon.Gateway.Console;

namespace Photon.Gateway.Hosting;

/// <summary>Maps the web console and the Kanban board (see <see cref="ConsoleAssets"/>).</summary>
internal static class PhotonConsoleExtensions
{
    public static WebApplication MapPhotonConsole(this WebApplication app)
    {
        app.MapGet("/", (HttpContext context, ConsoleAssets assets) => assets.Serve(context, "index.html"));
        app.MapGet("/kanban", (HttpContext context, ConsoleAssets assets) => assets.Serve(context, "kanban.html"));
        app.MapGet("/console/{name}", (HttpContext context, ConsoleAssets assets, string name) => assets.Serve(context, name));
        return app;
    }
}
