using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>
/// The little of Google a Drive probe uses, on loopback: a refresh-token grant at <c>/oauth2/token</c>, a multipart upload,
/// a download (<c>alt=media</c>) and a delete, all checking the bearer token it issued.
/// </summary>
internal sealed class MiniGoogle : IAsyncDisposable
{
    public const string ClientId = "cli-tests.apps.example";
    public const string ClientSecret = "testclientsecret";
    public const string RefreshToken = "testrefreshtoken";
    private const string AccessToken = "testaccesstoken";
    private readonly WebApplication _app;

    private MiniGoogle(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri TokenEndpoint => new(BaseUri, "oauth2/token");

    /// <summary>The stored files by id.</summary>
    public ConcurrentDictionary<string, byte[]> Files { get; } = new();

    /// <summary>How many uploads arrived.</summary>
    public int Uploads;

    public static async Task<MiniGoogle> StartAsync()
    {
        MiniGoogle? google = null;
        var (app, baseUri) = await LoopbackApp.StartAsync(context => google!.HandleAsync(context));
        google = new MiniGoogle(app, baseUri);
        return google;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path == "/oauth2/token" && HttpMethods.IsPost(request.Method))
        {
            var form = await request.ReadFormAsync(context.RequestAborted);
            var good = form["grant_type"] == "refresh_token" && form["refresh_token"] == RefreshToken
                && (form["client_id"] == ClientId || request.Headers.Authorization.Count > 0);
            await WriteJsonAsync(context, good ? 200 : 400, good
                ? new Dictionary<string, object> { ["access_token"] = AccessToken, ["expires_in"] = 3600, ["token_type"] = "Bearer" }
                : new Dictionary<string, object> { ["error"] = "invalid_grant" });
            return;
        }

        if (request.Headers.Authorization != "Bearer " + AccessToken)
        {
            await WriteJsonAsync(context, 401, new { error = new { code = 401, message = "Invalid Credentials" } });
            return;
        }

        const string FilesPrefix = "/drive/v3/files/";
        if (request.Path == "/upload/drive/v3/files" && HttpMethods.IsPost(request.Method) && request.Query["uploadType"] == "multipart")
        {
            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(request.ContentType).Boundary).Value!;
            var reader = new MultipartReader(boundary, request.Body);
            var parts = new List<byte[]>();
            while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
            {
                using var copy = new MemoryStream();
                await section.Body.CopyToAsync(copy, context.RequestAborted);
                parts.Add(copy.ToArray());
            }

            Interlocked.Increment(ref Uploads);
            var id = Guid.NewGuid().ToString("N");
            Files[id] = parts[^1];
            await WriteJsonAsync(context, 200, new { id });
        }
        else if (request.Path.StartsWithSegments("/drive/v3/files") && request.Path.Value!.Length > FilesPrefix.Length
                 && Files.TryGetValue(request.Path.Value[FilesPrefix.Length..], out var content))
        {
            if (HttpMethods.IsGet(request.Method) && request.Query["alt"] == "media")
            {
                context.Response.ContentType = "application/octet-stream";
                await context.Response.Body.WriteAsync(content, context.RequestAborted);
            }
            else if (HttpMethods.IsDelete(request.Method))
            {
                Files.TryRemove(request.Path.Value[FilesPrefix.Length..], out _);
                context.Response.StatusCode = 204;
            }
            else
            {
                context.Response.StatusCode = 405;
            }
        }
        else
        {
            await WriteJsonAsync(context, 404, new { error = new { code = 404, message = "File not found: " + request.Path } });
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, object body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }
}
