using System.Collections.Concurrent;
using System.Text.Json;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Testing;
using Kazoo.Storage.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.Attachments.Tests.OAuth;

public sealed class OAuthTokenRegistryTests
{
    private const string Id = "0e7a0b9c4a6c4e6f8d1b2a3c4d5e6f70";
    private const string Secret = "client-secret-do-not-print";
    private const string Refresh = "refresh-token-do-not-print";

    /// <summary>A token endpoint that checks the RFC 6749 §6 form and answers from a script.</summary>
    private sealed class TokenEndpoint
    {
        public ConcurrentQueue<Dictionary<string, string>> Forms { get; } = new();

        public Func<int, (int Status, object Body)> Answer { get; set; } =
            n => (200, new { access_token = $"access-{n}", token_type = "Bearer", expires_in = 3600 });

        public TimeSpan Delay { get; set; }

        public async Task HandleAsync(HttpContext context)
        {
            if (context.Request.Method != "POST" || context.Request.Path != "/token" || !context.Request.HasFormContentType)
            {
                context.Response.StatusCode = 405;
                return;
            }

            var form = await context.Request.ReadFormAsync();
            Forms.Enqueue(form.ToDictionary(p => p.Key, p => p.Value.ToString()));
            await Task.Delay(Delay);
            var (status, body) = Answer(Forms.Count);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(JsonSerializer.Serialize(body));
        }
    }

    private static async Task<(LoopbackServer Server, TokenEndpoint Endpoint)> StartAsync()
    {
        var endpoint = new TokenEndpoint();
        var server = await LoopbackServer.StartAsync(endpoint.HandleAsync, TestContext.Current.CancellationToken);
        return (server, endpoint);
    }

    [Fact]
    public async Task A_refresh_token_is_exchanged_with_the_rfc6749_form_and_the_token_reused_until_a_minute_before_expiry()
    {
        var (server, endpoint) = await StartAsync();
        await using var _ = server;
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        var registry = new OAuthTokenRegistry(timeProvider: time)
            .AddRefreshToken(Id, new Uri(server.BaseAddress, "token"), "client-id", Secret, Refresh);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal("access-1", await registry.GetAccessTokenAsync(Id, ct));
        time.Advance(TimeSpan.FromMinutes(58));
        Assert.Equal("access-1", await registry.GetAccessTokenAsync(Id, ct));
        time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal("access-2", await registry.GetAccessTokenAsync(Id, ct));

        Assert.Equal(2, endpoint.Forms.Count);
        var form = endpoint.Forms.First();
        Assert.Equal("refresh_token", form["grant_type"]);
        Assert.Equal(Refresh, form["refresh_token"]);
        Assert.Equal("client-id", form["client_id"]);
        Assert.Equal(Secret, form["client_secret"]);
    }

    [Fact]
    public async Task A_rotated_refresh_token_is_used_for_the_next_refresh()
    {
        var (server, endpoint) = await StartAsync();
        await using var _ = server;
        endpoint.Answer = n => (200, new { access_token = $"access-{n}", expires_in = 120, refresh_token = $"rotated-{n}" });
        var time = new FakeTimeProvider();
        var registry = new OAuthTokenRegistry(timeProvider: time)
            .AddRefreshToken(Id, new Uri(server.BaseAddress, "token"), "client-id", Secret, Refresh);
        var ct = TestContext.Current.CancellationToken;

        await registry.GetAccessTokenAsync(Id, ct);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("access-2", await registry.GetAccessTokenAsync(Id, ct));

        Assert.Equal([Refresh, "rotated-1"], endpoint.Forms.Select(f => f["refresh_token"]));
    }

    [Fact]
    public async Task Concurrent_callers_share_one_refresh()
    {
        var (server, endpoint) = await StartAsync();
        await using var _ = server;
        endpoint.Delay = TimeSpan.FromMilliseconds(200);
        var registry = new OAuthTokenRegistry().AddRefreshToken(Id, new Uri(server.BaseAddress, "token"), "client-id", Secret, Refresh);
        var ct = TestContext.Current.CancellationToken;

        var tokens = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => registry.GetAccessTokenAsync(Id, ct).AsTask()));

        Assert.All(tokens, t => Assert.Equal("access-1", t));
        Assert.Single(endpoint.Forms);
    }

    [Fact]
    public async Task A_refusal_names_the_id_and_the_providers_error_but_no_secret()
    {
        var (server, endpoint) = await StartAsync();
        await using var _ = server;
        endpoint.Answer = _ => (400, new { error = "invalid_grant", error_description = "Token has been expired or revoked." });
        var registry = new OAuthTokenRegistry().AddRefreshToken(Id, new Uri(server.BaseAddress, "token"), "client-id", Secret, Refresh);

        var failure = await Assert.ThrowsAsync<OAuthTokenException>(() => registry.GetAccessTokenAsync(Id, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal(Id, failure.OAuthId);
        Assert.Equal(400, failure.StatusCode);
        Assert.Equal("invalid_grant", failure.Error);
        Assert.Contains(Id, failure.Message);
        Assert.Contains("invalid_grant: Token has been expired or revoked.", failure.Message);
        Assert.DoesNotContain(Secret, failure.ToString());
        Assert.DoesNotContain(Refresh, failure.ToString());
    }

    [Fact]
    public async Task An_answer_without_an_access_token_or_an_unreachable_endpoint_is_an_oauth_failure()
    {
        var (server, endpoint) = await StartAsync();
        await using var _ = server;
        endpoint.Answer = _ => (200, new { token_type = "Bearer" });
        var ct = TestContext.Current.CancellationToken;
        var empty = new OAuthTokenRegistry().AddRefreshToken(Id, new Uri(server.BaseAddress, "token"), "client-id", Secret, Refresh);
        var closed = new OAuthTokenRegistry().AddRefreshToken(Id, Loopback.ClosedUrl("token"), "client-id", Secret, Refresh);

        var noToken = await Assert.ThrowsAsync<OAuthTokenException>(() => empty.GetAccessTokenAsync(Id, ct).AsTask());
        var unreachable = await Assert.ThrowsAsync<OAuthTokenException>(() => closed.GetAccessTokenAsync(Id, ct).AsTask());

        Assert.Contains("no access_token", noToken.Message);
        Assert.Contains("could not be reached", unreachable.Message);
        Assert.Null(unreachable.StatusCode);
    }

    [Fact]
    public async Task An_unknown_id_a_static_token_and_a_delegate_source()
    {
        var ct = TestContext.Current.CancellationToken;
        var registry = new OAuthTokenRegistry()
            .AddAccessToken("static", "fixed-token")
            .Add("delegate", _ => ValueTask.FromResult("from-delegate"))
            .Add("broken", _ => throw new InvalidOperationException("provider down"))
            .Add("empty", _ => ValueTask.FromResult(""));

        Assert.Equal("fixed-token", await registry.GetAccessTokenAsync("static", ct));
        Assert.Equal("from-delegate", await registry.GetAccessTokenAsync("delegate", ct));
        var unknown = await Assert.ThrowsAsync<OAuthTokenException>(() => registry.GetAccessTokenAsync("nobody", ct).AsTask());
        Assert.Contains("No OAuth credential is registered for 'nobody'", unknown.Message);
        var broken = await Assert.ThrowsAsync<OAuthTokenException>(() => registry.GetAccessTokenAsync("broken", ct).AsTask());
        Assert.Contains("provider down", broken.Message);
        await Assert.ThrowsAsync<OAuthTokenException>(() => registry.GetAccessTokenAsync("empty", ct).AsTask());

        Assert.True(registry.Remove("static"));
        await Assert.ThrowsAsync<OAuthTokenException>(() => registry.GetAccessTokenAsync("static", ct).AsTask());
        Assert.Equal("OAuthTokenRegistry (3 OAuth ids)", registry.ToString());
        Assert.DoesNotContain("fixed-token", registry.ToString());
    }

    [Fact]
    public async Task Dependency_injection_gives_one_registry_configured_by_every_call()
    {
        var services = new ServiceCollection();
        services.AddKazooOAuthTokens(tokens => tokens.AddAccessToken("a", "token-a"));
        services.AddKazooOAuthTokens(tokens => tokens.AddAccessToken("b", "token-b"));
        await using var provider = services.BuildServiceProvider();

        var registry = provider.GetRequiredService<OAuthTokenRegistry>();
        Assert.Same(registry, provider.GetRequiredService<IOAuthTokenProvider>());
        Assert.Equal(["a", "b"], registry.OAuthIds.Order());
        Assert.Equal("token-b", await provider.GetRequiredService<IOAuthTokenProvider>().GetAccessTokenAsync("b", TestContext.Current.CancellationToken));
    }
}
