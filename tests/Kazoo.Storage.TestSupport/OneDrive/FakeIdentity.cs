using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.TestSupport.OneDrive;

/// <summary>
/// The Microsoft identity platform's token endpoint (<c>POST /{tenant}/oauth2/v2.0/token</c>) for the refresh-token grant:
/// a form with <c>grant_type=refresh_token</c>, <c>refresh_token</c>, <c>client_id</c>, <c>client_secret</c> and an optional
/// <c>scope</c>, answered with a new access token that expires after <see cref="TokenLifetime"/> on the shared clock and, as
/// Microsoft does, a new refresh token. Refusals come as Microsoft writes them (<c>error</c>, <c>error_description</c>
/// starting with an AADSTS code, <c>error_codes</c>).
/// </summary>
public sealed class FakeIdentity(TimeProvider clock)
{
    public const string Path = "/consumers/oauth2/v2.0/token";
    public const string ClientId = "6731de76-14a6-49ae-97bc-6eba6914391e";
    public const string ClientSecret = "kazoo~test~client~secret~Qx8";

    private readonly ConcurrentDictionary<string, DateTimeOffset> _accessTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _refreshTokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _issuedRefreshTokens = new();
    private int _grants;

    /// <summary>How long an issued access token lasts.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether a refresh token stops working once it was exchanged (Microsoft's may keep working; this makes a test prove that
    /// the rotated one is used).
    /// </summary>
    public bool RevokeUsedRefreshTokens { get; set; }

    /// <summary>How many access tokens were issued.</summary>
    public int Grants => Volatile.Read(ref _grants);

    /// <summary>Every access token issued, for leak checks.</summary>
    public IReadOnlyCollection<string> IssuedTokens => _accessTokens.Keys.ToArray();

    /// <summary>Every refresh token made or issued, for leak checks.</summary>
    public IReadOnlyCollection<string> IssuedRefreshTokens => _issuedRefreshTokens.ToArray();

    /// <summary>The <c>refresh_token</c> of every grant, in order.</summary>
    public ConcurrentQueue<string> ExchangedRefreshTokens { get; } = new();

    /// <summary>What the endpoint found wrong in requests (it also refused them).</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    /// <summary>Makes a refresh token the endpoint accepts, as a user's consent would.</summary>
    public string CreateRefreshToken() => NewRefreshToken();

    /// <summary>Revokes a refresh token: later grants with it fail with <c>invalid_grant</c>.</summary>
    public void Revoke(string refreshToken) => _refreshTokens[refreshToken] = false;

    /// <summary>Whether <paramref name="accessToken"/> was issued here.</summary>
    public bool WasIssued(string accessToken) => _accessTokens.ContainsKey(accessToken);

    /// <summary>Whether <paramref name="accessToken"/> was issued here and has not expired on the shared clock.</summary>
    public bool IsValid(string accessToken) =>
        _accessTokens.TryGetValue(accessToken, out var expiry) && clock.GetUtcNow() < expiry;

    internal async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Method != "POST" || request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal) != true)
        {
            await FailAsync(context, 400, "invalid_request", 900144, "The request body must contain the following parameter: 'grant_type'.", violation: true);
            return;
        }

        var form = await request.ReadFormAsync(context.RequestAborted);
        foreach (var key in form.Keys)
        {
            if (key is not ("grant_type" or "refresh_token" or "client_id" or "client_secret" or "scope"))
            {
                await FailAsync(context, 400, "invalid_request", 900144, $"Unexpected parameter '{key}'.", violation: true);
                return;
            }
        }

        if (form["grant_type"] != "refresh_token")
        {
            await FailAsync(context, 400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.", violation: true);
            return;
        }

        if (form["client_id"] != ClientId)
        {
            await FailAsync(context, 400, "unauthorized_client", 700016, $"Application with identifier '{form["client_id"]}' was not found in the directory.", violation: false);
            return;
        }

        if (form["client_secret"] != ClientSecret)
        {
            await FailAsync(context, 401, "invalid_client", 7000215, "Invalid client secret provided.", violation: false);
            return;
        }

        var refreshToken = form["refresh_token"].ToString();
        if (!_refreshTokens.TryGetValue(refreshToken, out var live) || !live)
        {
            await FailAsync(context, 400, "invalid_grant", 70000, "The provided value for the input parameter 'refresh_token' or 'assertion' is not valid.", violation: false);
            return;
        }

        ExchangedRefreshTokens.Enqueue(refreshToken);
        if (RevokeUsedRefreshTokens)
        {
            Revoke(refreshToken);
        }

        var accessToken = "EwB4A8l6BAAU" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        _accessTokens[accessToken] = clock.GetUtcNow() + TokenLifetime;
        Interlocked.Increment(ref _grants);
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["token_type"] = "Bearer",
            ["scope"] = "Files.ReadWrite.All offline_access",
            ["expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["ext_expires_in"] = (int)TokenLifetime.TotalSeconds,
            ["access_token"] = accessToken,
            ["refresh_token"] = NewRefreshToken(),
        }));
    }

    private string NewRefreshToken()
    {
        var token = "M.C507_BAY.0.U.-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _refreshTokens[token] = true;
        _issuedRefreshTokens.Enqueue(token);
        return token;
    }

    private async Task FailAsync(HttpContext context, int status, string error, int code, string description, bool violation)
    {
        if (violation)
        {
            Violations.Enqueue(description);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["error"] = error,
            ["error_description"] = $"AADSTS{code}: {description} Trace ID: {Guid.NewGuid()} Correlation ID: {Guid.NewGuid()} Timestamp: 2024-01-15 12:00:00Z",
            ["error_codes"] = new[] { code },
            ["timestamp"] = "2024-01-15 12:00:00Z",
            ["trace_id"] = Guid.NewGuid().ToString(),
            ["correlation_id"] = Guid.NewGuid().ToString(),
        }));
    }
}
