using System.Net.Sockets;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kazoo.Storage.Cli.Hosting;

/// <summary>
/// <c>serve</c>'s listener: the emulator always picks a free port and its own API keys, so this loopback forwarder takes the
/// port asked for and passes every request through unchanged, except a <c>PUT /v2/api_auth</c> with the API key asked for,
/// which it logs in as the master account.
/// </summary>
internal sealed class EmulatorFrontDoor(CrossbarEmulator emulator, string? apiKey) : LoopbackHost
{
    private const int MaxLoginBody = 64 * 1024;
    private static readonly HashSet<string> s_hopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
    };

    private readonly HttpMessageInvoker _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false });

    /// <summary>Starts the forwarder.</summary>
    /// <param name="emulator">The emulator to forward to.</param>
    /// <param name="port">The port on 127.0.0.1; 0 for a free one.</param>
    /// <param name="apiKey">An API key that logs in as the master account, or null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="IOException">The port is taken.</exception>
    public static async Task<EmulatorFrontDoor> StartAsync(CrossbarEmulator emulator, int port, string? apiKey, CancellationToken cancellationToken)
    {
        // The emulator behind it decides what is too large, and answers as Crossbar does.
        var frontDoor = new EmulatorFrontDoor(emulator, apiKey);
        await frontDoor.StartAsync(new LoopbackServerOptions { Port = port }, cancellationToken).ConfigureAwait(false);
        return frontDoor;
    }

    /// <summary>Whether a start failed because the port is taken.</summary>
    public static bool IsPortInUse(Exception exception) =>
        exception is IOException { InnerException: SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } }
        || exception.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
        || (exception is IOException && exception.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase));

    protected override void Release() => _forward.Dispose();

    protected override async Task HandleAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var target = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(emulator.BaseAddress, target.TrimStart('/')));
        var hasBody = context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0;
        if (hasBody)
        {
            var isLogin = apiKey is not null && HttpMethods.IsPut(context.Request.Method)
                && context.Request.Path.Equals("/v2/api_auth", StringComparison.OrdinalIgnoreCase);
            request.Content = isLogin
                ? new ByteArrayContent(await LoginBodyAsync(context.Request.Body, apiKey!, emulator.MasterApiKey, aborted).ConfigureAwait(false))
                : new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (s_hopByHop.Contains(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }

        using var response = await _forward.SendAsync(request, aborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!s_hopByHop.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, aborted).ConfigureAwait(false);
    }

    // {"data": {"api_key": KEY}} → the master account's key; anything else goes through as it came.
    private static async Task<byte[]> LoginBodyAsync(Stream body, string apiKey, string masterApiKey, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxLoginBody)
            {
                throw new BadHttpRequestException("The login body is too large.", StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        var bytes = buffer.ToArray();
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            // Not JSON either: the emulator answers it as Crossbar would.
            return bytes;
        }

        try
        {
            if (JsonNode.Parse(bytes) is JsonObject { } login
                && login["data"] is JsonObject data
                && data["api_key"] is JsonValue key && key.TryGetValue<string>(out var given)
                && string.Equals(given, apiKey, StringComparison.Ordinal))
            {
                data["api_key"] = masterApiKey;
                return JsonSerializer.SerializeToUtf8Bytes(login);
            }
        }
        catch (JsonException)
        {
            // Not JSON: the emulator answers it as Crossbar would.
        }

        return bytes;
    }
}
