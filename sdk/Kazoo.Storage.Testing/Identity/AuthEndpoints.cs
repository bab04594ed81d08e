using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Documents;
using Kazoo.Storage.Testing.Http;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Testing.Identity;

/// <summary>Crossbar's logins and token calls (spec §9): <c>/v2/api_auth</c>, <c>/v2/user_auth</c>, <c>/v2/token_auth</c>, <c>/v2/auth</c>.</summary>
internal static class AuthEndpoints
{
    private static readonly string[] s_methods = ["md5", "sha"];

    /// <summary>
    /// Kazoo's <c>api_auth</c> schema (crossbar's <c>api_auth.json</c>: an object whose required <c>api_key</c> is a string of
    /// exactly 64 characters) as compiled nodes: the generator compiles the SDK's storage schemas only, and this one is two
    /// nodes. Its <c>additionalProperties: false</c> is left out, so a login may carry <c>restrictions</c> (spec §9.2).
    /// </summary>
    private static readonly SchemaValidator s_apiAuth = new SchemaSet(
        [
            new SchemaNode("api_auth", "#") { Types = JsonTypes.Object, Properties = [new PropertyRule("api_key", 1)], Required = ["api_key"] },
            new SchemaNode("api_auth", "#/properties/api_key") { PropertyName = "api_key", Types = JsonTypes.String, MinLength = 64, MaxLength = 64 },
        ],
        new Dictionary<string, int> { ["api_auth"] = 0 }).Validator("api_auth");

    /// <summary>
    /// <c>PUT /v2/api_auth</c> with <c>{"data": {"api_key": …}}</c>, validated first against Kazoo's <c>api_auth</c> schema: 201
    /// with a token; a well-formed key no account has is 404 <c>bad_identifier</c> with the key as the cause (or, with
    /// <see cref="CrossbarEmulatorOptions.UnknownApiKeyIsBadIdentifier"/> off, 401).
    /// </summary>
    public static async Task ApiAuthAsync(CrossbarRequest request)
    {
        var data = RequestDocument.PublicData(request);
        if (!await RequestDocument.CheckAsync(request, data, s_apiAuth).ConfigureAwait(false))
        {
            return;
        }

        var apiKey = data["api_key"]!.GetValue<string>();
        var account = request.State.Directory.FindByApiKey(apiKey);
        await (account is not null
            ? LoggedInAsync(request, request.State.Tokens.Issue(account.Id, null, "cb_api_auth"))
            : request.State.Options.UnknownApiKeyIsBadIdentifier
                ? CrossbarResponse.BadIdentifierAsync(request, apiKey)
                : CrossbarResponse.InvalidCredentialsAsync(request)).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>PUT /v2/user_auth</c>: <c>credentials</c> is the hex MD5 (or SHA-1 with <c>method: "sha"</c>) of
    /// <c>lowercase(username):password</c>; the account is found by <c>phone_number</c>, else <c>account_realm</c> / <c>realm</c>,
    /// else <c>account_name</c> (Kazoo's order). An unknown account is 401 (Corrections #2) or, switched off, 400
    /// <c>not_found</c>; credentials that match no user of the account are 401.
    /// </summary>
    public static Task UserAuthAsync(CrossbarRequest request)
    {
        var data = request.Data as JsonObject ?? [];
        var credentials = Text(data, "credentials");
        if (string.IsNullOrEmpty(credentials))
        {
            return CrossbarResponse.ValidationErrorAsync(request, "credentials", "required", Required("credentials"));
        }

        var method = data["method"] is null ? "md5" : Text(data, "method");
        if (method is not ("md5" or "sha"))
        {
            return CrossbarResponse.ValidationErrorAsync(request, "method", "enum", new JsonObject
            {
                ["message"] = "Value not found in enumerated list of values",
                ["target"] = new JsonArray([.. s_methods.Select(m => JsonValue.Create(m))]),
                ["value"] = data["method"]?.DeepClone(),
            });
        }

        var directory = request.State.Directory;
        var (field, accounts) = Text(data, "phone_number") is { Length: > 0 } number ? ("phone_number", directory.FindByPhoneNumber(number))
            : (Text(data, "account_realm") ?? Text(data, "realm")) is { Length: > 0 } realm ? (data.ContainsKey("account_realm") ? "account_realm" : "realm", directory.FindByRealm(realm))
            : Text(data, "account_name") is { Length: > 0 } name ? ("account_name", directory.FindByName(name))
            : (null, []);
        if (accounts.Count == 0)
        {
            if (field is null || request.State.Options.UnknownAccountNameIs401)
            {
                return CrossbarResponse.InvalidCredentialsAsync(request);
            }

            return CrossbarResponse.ValidationErrorAsync(request, field, "not_found", new JsonObject
            {
                ["message"] = "The provided " + field.Replace('_', ' ') + " could not be found",
                ["cause"] = data[field]?.DeepClone(),
            });
        }

        var user = directory.FindByCredentials(accounts, credentials, sha1: method == "sha");
        return user is null
            ? CrossbarResponse.InvalidCredentialsAsync(request)
            : LoggedInAsync(request, request.State.Tokens.Issue(user.AccountId, user.Id, "cb_user_auth"));
    }

    /// <summary><c>GET /v2/token_auth</c>: 200 with the token's account and owner while it is valid.</summary>
    public static Task TokenInfoAsync(CrossbarRequest request) =>
        CrossbarResponse.SuccessAsync(request, 200, LoginData(request, request.Session!));

    /// <summary><c>DELETE /v2/token_auth</c>: the token stops working.</summary>
    public static Task RevokeAsync(CrossbarRequest request)
    {
        request.State.Tokens.Revoke(request.Session!.Token);
        return CrossbarResponse.SuccessAsync(request, 200, new JsonObject());
    }

    /// <summary><c>PUT /v2/auth</c>: a fresh token for the same caller, with a new expiry.</summary>
    public static Task RefreshAsync(CrossbarRequest request)
    {
        var session = request.Session!;
        return LoggedInAsync(request, request.State.Tokens.Issue(session.AccountId, session.OwnerId, session.Method));
    }

    private static Task LoggedInAsync(CrossbarRequest request, Session session)
    {
        request.Session = session;
        return CrossbarResponse.SuccessAsync(request, 201, LoginData(request, session));
    }

    private static JsonObject LoginData(CrossbarRequest request, Session session)
    {
        var directory = request.State.Directory;
        var account = directory.FindAccount(session.AccountId)!;
        // The keys of Crossbar's token answer; the values of the ones the emulator has no data for are empty.
        var data = new JsonObject
        {
            ["account_id"] = account.Id,
            ["account_name"] = account.Name,
            ["apps"] = new JsonArray(),
            ["capabilities"] = new JsonObject(),
            ["is_master_account"] = account.Id == directory.Master.Id,
            ["is_reseller"] = account.IsReseller,
            ["language"] = "en-us",
            ["ui_config"] = new JsonObject(),
        };
        if (session.OwnerId is not null)
        {
            data["owner_id"] = session.OwnerId;
        }

        data["reseller_id"] = directory.ResellerIdOf(account.Id);
        return data;
    }

    private static string? Text(JsonObject data, string key) =>
        data[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static JsonObject Required(string key) => new() { ["message"] = "Field is required but missing", ["value"] = key };
}
