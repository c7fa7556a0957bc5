using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Photon.Cli.Tests.Helpers;

/// <summary>A real Kestrel server on a free loopback port answering one path with a fixed status and body, and recording what it was asked.</summary>
public sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RecordingServer(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    /// <summary>Each request as <c>"GET /channels?pattern=board%3A* | Bearer token"</c>.</summary>
    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<RecordingServer> StartAsync(string path, int status, string body)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new RecordingServer(app);
        app.MapGet(path, async context =>
        {
            server.Requests.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} | {context.Request.Headers.Authorization}");
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
