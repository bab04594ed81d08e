using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// A loopback OAuth 2.0 token endpoint: answers a form POST with <c>grant_type=refresh_token</c>, <c>refresh_token</c>,
/// <c>client_id</c> and <c>client_secret</c> with a fresh access token that expires after <see cref="TokenLifetime"/> on the
/// shared clock, as Google's endpoint does.
/// </summary>
public sealed class FakeOAuth(TimeProvider clock)
{
    public const string ClientId = "kazoo-test-client.apps.example";
    public const string ClientSecret = "test-client-secret-4f1d";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new(StringComparer.Ordinal);
    private int _grants;

    /// <summary>How long an issued token lasts.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How many tokens were issued.</summary>
    public int Grants => Volatile.Read(ref _grants);

    /// <summary>Every access token ever issued, for leak checks.</summary>
    public IReadOnlyCollection<string> IssuedTokens => _accessTokens.Keys.ToArray();

    /// <summary>What the endpoint found wrong in requests (it also answered them with an error).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Makes a refresh token the endpoint accepts.</summary>
    public string CreateRefreshToken()
    {
        var token = "1//test-refresh-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        _refreshTokens[token] = true;
        return token;
    }

    /// <summary>Revokes a refresh token: later grants with it fail with <c>invalid_grant</c>.</summary>
    public void Revoke(string refreshToken) => _refreshTokens[refreshToken] = false;

    /// <summary>Whether <paramref name="accessToken"/> was issued here and has not expired on the shared clock.</summary>
    public bool IsValid(string accessToken) =>
        _accessTokens.TryGetValue(accessToken, out var expiry) && clock.GetUtcNow() < expiry;

    internal async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method != "POST" || !context.Request.HasFormContentType
            || context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true)
        {
            await FailAsync(context, 400, "invalid_request", "Expected a form POST.", violation: true);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "refresh_token")
        {
            await FailAsync(context, 400, "unsupported_grant_type", "Only refresh_token grants are served.", violation: true);
            return;
        }

        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await FailAsync(context, 401, "invalid_client", "The OAuth client was not found.", violation: false);
            return;
        }

        if (!_refreshTokens.TryGetValue(form["refresh_token"].ToString(), out var live) || !live)
        {
            await FailAsync(context, 400, "invalid_grant", "Token has been expired or revoked.", violation: false);
            return;
        }

        var accessToken = "ya29.test-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _accessTokens[accessToken] = clock.GetUtcNow() + TokenLifetime;
        Interlocked.Increment(ref _grants);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["access_token"] = accessToken,
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["scope"] = "https://www.googleapis.com/auth/drive.file",
            ["token_type"] = "Bearer",
        }));
    }

    private async Task FailAsync(HttpContext context, int status, string error, string description, bool violation)
    {
        if (violation)
        {
            Violations.Enqueue(description);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = error, ["error_description"] = description }));
    }
}
