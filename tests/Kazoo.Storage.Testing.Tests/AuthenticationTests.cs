using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>Logins, token transport, expiry and the token calls (spec §9).</summary>
public sealed class AuthenticationTests
{
    private static JsonObject UserLogin(string credentials, string accountName, string? method = null)
    {
        var data = new JsonObject { ["credentials"] = credentials, ["account_name"] = accountName };
        if (method is not null)
        {
            data["method"] = method;
        }

        return data;
    }

    [Fact]
    public async Task An_api_key_login_answers_201_with_a_token_and_the_account()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Anonymous.LoginWithApiKeyAsync(scenario.Account.ApiKey);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.False(string.IsNullOrEmpty(answer.Envelope.GetProperty("auth_token").GetString()));
        Assert.Equal("success", answer.Envelope.GetProperty("status").GetString());
        Assert.Equal(scenario.Account.Id, answer.Data.GetProperty("account_id").GetString());
        Assert.Equal(scenario.Emulator.MasterAccountId, answer.Data.GetProperty("reseller_id").GetString());
        Assert.False(answer.Data.GetProperty("is_reseller").GetBoolean());
        Assert.Equal("en-us", answer.Data.GetProperty("language").GetString());
        Assert.Equal(0, answer.Data.GetProperty("apps").GetArrayLength());
        Assert.False(answer.Data.TryGetProperty("owner_id", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Anonymous.GetAsync(scenario.AccountStorage)).Status);
    }

    [Fact]
    public async Task The_master_api_key_logs_in_as_the_super_duper_admin()
    {
        await using var scenario = await Scenario.StartAsync();

        var login = await scenario.Anonymous.LoginWithApiKeyAsync(scenario.Emulator.MasterApiKey);

        Assert.Equal(64, scenario.Emulator.MasterApiKey.Length);
        Assert.Equal(scenario.Emulator.MasterAccountId, login.Data.GetProperty("account_id").GetString());
        Assert.True(login.Data.GetProperty("is_reseller").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await scenario.Anonymous.GetAsync("v2/storage")).Status);
    }

    [Fact]
    public async Task A_well_formed_api_key_no_account_has_is_404_bad_identifier_with_the_key_as_cause()
    {
        await using var scenario = await Scenario.StartAsync();
        var unknown = new string('a', 64);

        var answer = await scenario.Anonymous.LoginWithApiKeyAsync(unknown);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("bad_identifier", answer.Message);
        Assert.Equal(unknown, answer.Data.GetProperty("cause").GetString());
        Assert.False(answer.Envelope.TryGetProperty("auth_token", out _));
    }

    [Fact]
    public async Task With_the_quirk_off_an_unknown_api_key_is_401_invalid_credentials()
    {
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { UnknownApiKeyIsBadIdentifier = false });

        var answer = await scenario.Anonymous.LoginWithApiKeyAsync(new string('a', 64));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("401", answer.Envelope.GetProperty("error").GetString());
        Assert.Equal("invalid_credentials", answer.Message);
        Assert.Equal("invalid credentials", answer.Data.GetProperty("message").GetString());
        Assert.False(answer.Envelope.TryGetProperty("auth_token", out _));
    }

    [Theory]
    [InlineData(63, "minLength", "String must be at least 64 characters")]
    [InlineData(65, "maxLength", "String must not be more than 64 characters")]
    [InlineData(0, "minLength", "String must be at least 64 characters")]
    public async Task An_api_key_that_is_not_64_characters_fails_kazoos_api_auth_schema(int length, string code, string message)
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Anonymous.LoginWithApiKeyAsync(new string('b', length));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        var error = answer.Error("api_key", code);
        Assert.Equal(message, error.GetProperty("message").GetString());
        Assert.Equal(64, error.GetProperty("target").GetInt32());
    }

    [Fact]
    public async Task An_api_key_that_is_not_a_string_is_a_type_error()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Anonymous.PutAsync("v2/api_auth", new JsonObject { ["api_key"] = 42 });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("string", answer.Error("api_key", "type").GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_login_answer_has_the_keys_of_crossbars_token_answer()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.AddUser(scenario.Account.Id, "alice", "s3cret!", isAdmin: true);

        var byKey = await scenario.Anonymous.LoginWithApiKeyAsync(scenario.Account.ApiKey);
        var asMaster = await scenario.Anonymous.LoginWithApiKeyAsync(scenario.Emulator.MasterApiKey);
        var byUser = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(CrossbarCaller.Md5Credentials("alice", "s3cret!"), "Acme Corp"));

        foreach (var answer in new[] { byKey, asMaster, byUser })
        {
            Assert.Equal(HttpStatusCode.Created, answer.Status);
            foreach (var key in new[] { "account_id", "account_name", "apps", "capabilities", "is_master_account", "is_reseller", "language", "reseller_id", "ui_config" })
            {
                Assert.True(answer.Data.TryGetProperty(key, out _), key + " is missing");
            }
        }

        Assert.False(byKey.Data.GetProperty("is_master_account").GetBoolean());
        Assert.True(asMaster.Data.GetProperty("is_master_account").GetBoolean());
        Assert.Equal(JsonValueKind.Object, byUser.Data.GetProperty("capabilities").ValueKind);
    }

    [Fact]
    public async Task An_api_key_login_without_a_key_is_a_validation_error()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Anonymous.PutAsync("v2/api_auth", new JsonObject());

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("Field is required but missing", answer.Error("api_key", "required").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_user_logs_in_with_the_md5_of_lowercased_username_and_password()
    {
        await using var scenario = await Scenario.StartAsync();
        var user = scenario.Emulator.AddUser(scenario.Account.Id, "Alice.Smith", "s3cret!", isAdmin: true);

        var lowered = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(CrossbarCaller.Md5Credentials("alice.smith", "s3cret!"), "Acme Corp"));
        var asTyped = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(Md5Hex("Alice.Smith:s3cret!"), "Acme Corp"));

        Assert.Equal("alice.smith", user.Username);
        Assert.Equal(HttpStatusCode.Created, lowered.Status);
        Assert.Equal(user.Id, lowered.Data.GetProperty("owner_id").GetString());
        Assert.Equal(scenario.Account.Id, lowered.Data.GetProperty("account_id").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, asTyped.Status);
    }

    [Fact]
    public async Task Account_names_compare_as_Kazoo_normalises_them()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.AddUser(scenario.Account.Id, "bob", "pw");

        var answer = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(CrossbarCaller.Md5Credentials("bob", "pw"), "acmecorp"));

        Assert.Equal(HttpStatusCode.Created, answer.Status);
    }

    [Fact]
    public async Task A_user_logs_in_with_sha1_credentials_and_method_sha()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.AddUser(scenario.Account.Id, "bob", "pw");
        var sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes("bob:pw")));

        var sha = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(sha1, "Acme Corp", "sha"));
        var shaAsMd5 = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(sha1, "Acme Corp"));

        Assert.Equal(HttpStatusCode.Created, sha.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, shaAsMd5.Status);
    }

    [Fact]
    public async Task A_user_logs_in_by_realm_or_phone_number()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.AddUser(scenario.Account.Id, "bob", "pw");
        scenario.Emulator.AddPhoneNumber(scenario.Account.Id, "+1 415 555 0100");
        var credentials = CrossbarCaller.Md5Credentials("bob", "pw");

        var byRealm = await scenario.Anonymous.PutAsync("v2/user_auth", new JsonObject { ["credentials"] = credentials, ["account_realm"] = scenario.Account.Realm });
        var byAlias = await scenario.Anonymous.PutAsync("v2/user_auth", new JsonObject { ["credentials"] = credentials, ["realm"] = scenario.Account.Realm.ToUpperInvariant() });
        var byNumber = await scenario.Anonymous.PutAsync("v2/user_auth", new JsonObject { ["credentials"] = credentials, ["phone_number"] = "+14155550100" });

        Assert.Equal(HttpStatusCode.Created, byRealm.Status);
        Assert.Equal(HttpStatusCode.Created, byAlias.Status);
        Assert.Equal(HttpStatusCode.Created, byNumber.Status);
    }

    [Fact]
    public async Task A_wrong_password_is_401_invalid_credentials()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.AddUser(scenario.Account.Id, "bob", "pw");

        var answer = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(CrossbarCaller.Md5Credentials("bob", "wrong"), "Acme Corp"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_credentials", answer.Message);
        Assert.Equal("invalid credentials", answer.Data.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_unknown_account_name_is_401_as_Kazoo_answers()
    {
        await using var scenario = await Scenario.StartAsync();
        scenario.Emulator.AddUser(scenario.Account.Id, "bob", "pw");

        var answer = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(CrossbarCaller.Md5Credentials("bob", "pw"), "Nobody Inc"));

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid_credentials", answer.Message);
    }

    [Fact]
    public async Task An_unknown_account_name_is_400_not_found_when_the_quirk_is_off()
    {
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { UnknownAccountNameIs401 = false });

        var answer = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin(CrossbarCaller.Md5Credentials("bob", "pw"), "Nobody Inc"));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("validation error", answer.Message);
        Assert.Equal("Nobody Inc", answer.Error("account_name", "not_found").GetProperty("cause").GetString());
    }

    [Fact]
    public async Task A_login_without_credentials_or_with_an_unknown_method_is_a_validation_error()
    {
        await using var scenario = await Scenario.StartAsync();

        var missing = await scenario.Anonymous.PutAsync("v2/user_auth", new JsonObject { ["account_name"] = "Acme Corp" });
        var method = await scenario.Anonymous.PutAsync("v2/user_auth", UserLogin("abc", "Acme Corp", "sha256"));

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.True(missing.Data.GetProperty("credentials").TryGetProperty("required", out _));
        Assert.Equal("sha256", method.Error("method", "enum").GetProperty("value").GetString());
    }

    [Fact]
    public async Task A_request_without_a_token_is_401_invalid_credentials_without_auth_token()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Anonymous.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("401", answer.Envelope.GetProperty("error").GetString());
        Assert.Equal("invalid_credentials", answer.Message);
        Assert.Equal("invalid credentials", answer.Data.GetProperty("message").GetString());
        Assert.Equal("error", answer.Envelope.GetProperty("status").GetString());
        Assert.False(answer.Envelope.TryGetProperty("auth_token", out _));
    }

    [Fact]
    public async Task An_unknown_token_is_401_with_empty_data_and_the_token_echoed()
    {
        await using var scenario = await Scenario.StartAsync();
        using var caller = new CrossbarCaller(scenario.Emulator, "not-a-token");

        var answer = await caller.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("invalid credentials", answer.Message);
        Assert.Equal("{}", answer.Data.GetRawText());
        Assert.Equal("not-a-token", answer.Envelope.GetProperty("auth_token").GetString());
    }

    [Fact]
    public async Task A_token_expires_at_its_fixed_lifetime_however_often_it_is_used()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { TimeProvider = clock, TokenLifetime = TimeSpan.FromSeconds(3600) });
        await scenario.Anonymous.LoginWithApiKeyAsync(scenario.Account.ApiKey);

        for (var minute = 0; minute < 59; minute++)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Equal(HttpStatusCode.NotFound, (await scenario.Anonymous.GetAsync(scenario.AccountStorage)).Status);
        }

        clock.Advance(TimeSpan.FromSeconds(59));
        var lastSecond = await scenario.Anonymous.GetAsync(scenario.AccountStorage);
        clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await scenario.Anonymous.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.NotFound, lastSecond.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, expired.Status);
        Assert.Equal("invalid credentials", expired.Message);
    }

    [Fact]
    public async Task ExpireAllTokens_makes_every_issued_token_fail_and_a_new_login_works()
    {
        await using var scenario = await Scenario.StartAsync();
        await scenario.Anonymous.LoginWithApiKeyAsync(scenario.Account.ApiKey);

        scenario.Emulator.ExpireAllTokens();
        var master = await scenario.Master.GetAsync("v2/storage");
        var caller = await scenario.Anonymous.GetAsync(scenario.AccountStorage);
        await scenario.Anonymous.LoginWithApiKeyAsync(scenario.Account.ApiKey);
        var again = await scenario.Anonymous.GetAsync(scenario.AccountStorage);

        Assert.Equal(HttpStatusCode.Unauthorized, master.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, caller.Status);
        Assert.Equal("invalid credentials", caller.Message);
        Assert.Equal(HttpStatusCode.NotFound, again.Status);
    }

    [Fact]
    public async Task The_token_can_travel_in_the_query_the_envelope_or_a_bearer_header()
    {
        await using var scenario = await Scenario.StartAsync();
        var token = scenario.Emulator.IssueToken(scenario.Account.Id);

        var query = await scenario.Anonymous.GetAsync(scenario.AccountStorage + "?auth_token=" + Uri.EscapeDataString(token));
        var envelope = await scenario.Anonymous.SendAsync(HttpMethod.Put, scenario.AccountStorage,
            new JsonObject { ["auth_token"] = token, ["data"] = Scenario.Document(Scenario.S3Entry()) }.ToJsonString());
        var bearer = await scenario.Anonymous.SendAsync(HttpMethod.Get, scenario.AccountStorage, null,
            r => r.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token));

        Assert.Equal(HttpStatusCode.NotFound, query.Status);
        Assert.Equal(HttpStatusCode.Created, envelope.Status);
        Assert.Equal(HttpStatusCode.OK, bearer.Status);
        Assert.Equal(token, bearer.Envelope.GetProperty("auth_token").GetString());
    }

    [Fact]
    public async Task Token_auth_tells_validity_and_delete_revokes_the_token()
    {
        await using var scenario = await Scenario.StartAsync();
        var user = scenario.Emulator.AddUser(scenario.Account.Id, "bob", "pw");
        using var caller = new CrossbarCaller(scenario.Emulator, scenario.Emulator.IssueToken(scenario.Account.Id, user.Id));

        var valid = await caller.GetAsync("v2/token_auth");
        var revoked = await caller.DeleteAsync("v2/token_auth");
        var after = await caller.GetAsync("v2/token_auth");

        Assert.Equal(HttpStatusCode.OK, valid.Status);
        Assert.Equal(user.Id, valid.Data.GetProperty("owner_id").GetString());
        Assert.Equal(HttpStatusCode.OK, revoked.Status);
        Assert.Equal(HttpStatusCode.Unauthorized, after.Status);
    }

    [Fact]
    public async Task Put_auth_issues_a_fresh_token_with_a_new_expiry()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { TimeProvider = clock });
        await scenario.Anonymous.LoginWithApiKeyAsync(scenario.Account.ApiKey);
        var first = scenario.Anonymous.Token;

        clock.Advance(TimeSpan.FromMinutes(50));
        var refreshed = await scenario.Anonymous.PutAsync("v2/auth", new JsonObject());
        var second = refreshed.Envelope.GetProperty("auth_token").GetString();
        clock.Advance(TimeSpan.FromMinutes(20));
        var oldToken = await scenario.Anonymous.GetAsync("v2/token_auth");
        scenario.Anonymous.Token = second;
        var newToken = await scenario.Anonymous.GetAsync("v2/token_auth");

        Assert.Equal(HttpStatusCode.Created, refreshed.Status);
        Assert.NotEqual(first, second);
        Assert.Equal(HttpStatusCode.Unauthorized, oldToken.Status);
        Assert.Equal(HttpStatusCode.OK, newToken.Status);
    }

    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
}
