using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Documents;
using Kazoo.Storage.Testing.Identity;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Kazoo.Storage.Testing.Http;

/// <summary>
/// Every request, in Crossbar's order (cowboy's REST flow): the fault if one is queued, the route (404), the method (405),
/// the body (400), authentication (401), authorisation (403), the account and user in the path (404), then the module.
/// </summary>
internal sealed class CrossbarApplication
{
    private readonly EmulatorState _state;

    public CrossbarApplication(EmulatorState state) => _state = state;

    public async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        _state.LogRequest(context.Request.Method, path);
        var requestId = context.Request.Headers["X-Request-ID"] is { Count: > 0 } sent && !string.IsNullOrEmpty(sent[0]) ? sent[0]! : Guid.NewGuid().ToString("N");
        using var aborted = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _state.Stopping.Token);
        try
        {
            if (await ApplyFaultAsync(context, requestId, aborted.Token).ConfigureAwait(false))
            {
                return;
            }

            await RouteAsync(context, path, requestId, aborted.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away or the emulator is stopping: nobody is waiting for an answer.
            context.Abort();
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            // An emulator bug: answered as Crossbar answers a crash, with the reason, so the test that hit it can tell.
            context.Response.Clear();
            await CrossbarResponse.ErrorAsync(context, _state, requestId, TokenHeader(context), false, 500, "internal_server_error",
                new JsonObject { ["message"] = ex.GetType().Name + ": " + ex.Message }).ConfigureAwait(false);
        }
    }

    /// <summary>Takes the next queued fault; returns whether it answered (or dropped) the request.</summary>
    private async Task<bool> ApplyFaultAsync(HttpContext context, string requestId, CancellationToken cancellationToken)
    {
        switch (_state.Faults.TakeNext())
        {
            case { Kind: FaultKind.Drop }:
                context.Abort();
                return true;
            case { Kind: FaultKind.Fail } fault:
                var (message, detail) = fault.StatusCode == 503
                    ? ("datastore_unreachable", "datastore unreachable")
                    : (ReasonPhrases.GetReasonPhrase(fault.StatusCode).ToLowerInvariant().Replace(' ', '_'), ReasonPhrases.GetReasonPhrase(fault.StatusCode).ToLowerInvariant());
                await CrossbarResponse.ErrorAsync(context, _state, requestId, TokenHeader(context), false, fault.StatusCode, message, new JsonObject { ["message"] = detail }).ConfigureAwait(false);
                return true;
            case { Kind: FaultKind.Delay } fault:
                await Task.Delay(fault.Delay, cancellationToken).ConfigureAwait(false);
                return false;
            default:
                return false;
        }
    }

    private async Task RouteAsync(HttpContext context, string path, string requestId, CancellationToken cancellationToken)
    {
        if (Route.Parse(path) is not { } route)
        {
            // No loaded Crossbar module answers this path.
            await CrossbarResponse.ErrorAsync(context, _state, requestId, TokenHeader(context), false, 404, "not_found", new JsonObject { ["message"] = "not found" }).ConfigureAwait(false);
            return;
        }

        var allow = string.Join(", ", route.Methods);
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            // CORS preflight: Crossbar answers OPTIONS without a token.
            context.Response.Headers.Allow = allow;
            context.Response.StatusCode = 200;
            return;
        }

        var request = new CrossbarRequest(context, _state, route, requestId) { Aborted = cancellationToken };
        if (!route.Methods.Contains(request.Method))
        {
            context.Response.Headers.Allow = allow;
            await CrossbarResponse.ErrorAsync(context, _state, requestId, TokenHeader(context), false, 405, "method_not_allowed", new JsonObject { ["message"] = "method not allowed" }).ConfigureAwait(false);
            return;
        }

        string? malformed;
        try
        {
            malformed = await request.ReadBodyAsync().ConfigureAwait(false);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // Crossbar's answer to an upload over its limit (api_util: handle_max_filesize_exceeded).
            request.AuthToken = TokenHeader(context);
            await CrossbarResponse.ErrorAsync(request, 413, "validation error", new JsonObject
            {
                ["file"] = new JsonObject
                {
                    ["maxLength"] = new JsonObject
                    {
                        ["message"] = $"Files must not be more than {CrossbarRequest.MaxBodyBytes} bytes",
                        ["target"] = CrossbarRequest.MaxBodyBytes,
                    },
                },
            }).ConfigureAwait(false);
            return;
        }

        if (malformed is not null)
        {
            request.AuthToken = TokenHeader(context);
            await CrossbarResponse.ValidationErrorAsync(request, "json", "invalid", new JsonObject { ["message"] = malformed, ["target"] = "body" }).ConfigureAwait(false);
            return;
        }

        request.AuthToken = FindToken(request);
        switch (route.Kind)
        {
            case RouteKind.ApiAuth:
                await AuthEndpoints.ApiAuthAsync(request).ConfigureAwait(false);
                return;
            case RouteKind.UserAuth:
                await AuthEndpoints.UserAuthAsync(request).ConfigureAwait(false);
                return;
        }

        if (request.AuthToken is null)
        {
            await CrossbarResponse.InvalidCredentialsAsync(request).ConfigureAwait(false);
            return;
        }

        if (_state.Tokens.Validate(request.AuthToken) is not { } session)
        {
            await CrossbarResponse.InvalidTokenAsync(request).ConfigureAwait(false);
            return;
        }

        request.Session = session;
        switch (route.Kind)
        {
            case RouteKind.TokenAuth:
                await (request.Method == "GET" ? AuthEndpoints.TokenInfoAsync(request) : AuthEndpoints.RevokeAsync(request)).ConfigureAwait(false);
                return;
            case RouteKind.Auth:
                await AuthEndpoints.RefreshAsync(request).ConfigureAwait(false);
                return;
        }

        if (!Authorizer.IsAllowed(session, route, _state.Directory))
        {
            await CrossbarResponse.ForbiddenAsync(request).ConfigureAwait(false);
            return;
        }

        if (route.AccountId is { } accountId && _state.Directory.FindAccount(accountId) is null)
        {
            await CrossbarResponse.BadIdentifierAsync(request, accountId).ConfigureAwait(false);
            return;
        }

        if (route.UserId is { } userId && _state.Directory.FindUser(userId)?.AccountId != route.AccountId)
        {
            await CrossbarResponse.BadIdentifierAsync(request, userId).ConfigureAwait(false);
            return;
        }

        await (route.IsPlan ? PlanEndpoints.HandleAsync(request) : StorageEndpoints.HandleAsync(request)).ConfigureAwait(false);
    }

    /// <summary>
    /// Crossbar's order (api_util <c>get_auth_token</c>): the <c>X-Auth-Token</c> header, else <c>auth_token</c> in the
    /// request data, the query string or the envelope, else <c>Authorization: Bearer …</c>.
    /// </summary>
    private static string? FindToken(CrossbarRequest request)
    {
        if (TokenHeader(request.Context) is { } header)
        {
            return header;
        }

        if (request.Value("auth_token", request.Data) is JsonValue value && value.TryGetValue<string>(out var token) && token.Length > 0)
        {
            return token;
        }

        var authorization = request.Context.Request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > 7 ? authorization[7..].Trim() : null;
    }

    private static string? TokenHeader(HttpContext context) =>
        context.Request.Headers["X-Auth-Token"] is { Count: > 0 } values && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
