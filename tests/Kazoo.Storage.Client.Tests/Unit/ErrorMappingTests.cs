using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class ErrorMappingTests
{
    private static readonly StorageScope s_account = StorageScope.Account("acc10000000000000000000000000000");

    [Fact]
    public async Task A_validation_error_carries_the_errors_by_path_and_code()
    {
        var data = FakeCrossbar.Parse("""
            {"plan.modb.types.mailbox_message.attachments.handler":{"error":{"message":"invalid reference 'deadbeefdeadbeefdeadbeefdeadbeef' to attachments","value":"deadbeefdeadbeefdeadbeefdeadbeef"}}}
            """);
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Fail(400, "validation error", data, "req-400")));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(s_account, TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.BadRequest, error.Kind);
        Assert.True(error.IsBadRequest);
        Assert.False(error.IsLocal);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("400", error.Error);
        Assert.Equal("validation error", error.CrossbarMessage);
        Assert.Equal("req-400", error.RequestId);
        Assert.True(error.ValidationErrors.Contains("plan.modb.types.mailbox_message.attachments.handler", "error"));
        Assert.Contains("plan.modb.types.mailbox_message.attachments.handler: error: invalid reference", error.Message);
        Assert.Contains("req-400", error.Message);
    }

    [Fact]
    public async Task A_transport_failure_says_its_cause_instead_of_see_inner_exception()
    {
        var tls = new HttpRequestException("The SSL connection could not be established, see inner exception.",
            new System.Security.Authentication.AuthenticationException("The remote certificate was rejected by the provided RemoteCertificateValidationCallback: UntrustedRoot."));
        var client = Clients.Over(new FakeCrossbar().OnAsync("GET", "/v2/accounts/acc10000000000000000000000000000/storage", (_, _) => Task.FromException<HttpResponseMessage>(tls)));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(s_account, TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.Transport, error.Kind);
        Assert.Contains("The SSL connection could not be established", error.Message, StringComparison.Ordinal);
        Assert.Contains("UntrustedRoot", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("inner exception", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task No_message_points_at_a_document_the_user_does_not_have()
    {
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Fail(403, "forbidden")));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(s_account, TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.Forbidden, error.Kind);
        Assert.DoesNotContain("spec", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("super-duper admin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_not_one_schema_valid_echo_of_an_attachment_has_its_secrets_masked()
    {
        var data = FakeCrossbar.Parse("""
            {"attachments.0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b":{"not_one_schema_valid":{"message":"failed to validate","value":{"handler":"s3","settings":{"bucket":"abc","key":"AKIAVISIBLEKEY","secret":"TopSecretValue"}}}}}
            """);
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Fail(400, "validation error", data)));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(s_account, TestContext.Current.CancellationToken));

        var everything = error.Message + error.Details + error.ValidationErrors.ToJson() + error;
        Assert.DoesNotContain("TopSecretValue", everything);
        Assert.DoesNotContain("AKIAVISIBLEKEY", everything);
        Assert.Contains("abc", error.ValidationErrors.ToJson());
    }

    [Fact]
    public async Task A_pattern_error_on_a_secret_path_has_its_value_masked()
    {
        var data = FakeCrossbar.Parse("""
            {"attachments.0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b.settings.secret":{"pattern":{"message":"Failed to match pattern '^[^\\s]*$'","target":"^[^\\s]*$","value":"has spaces secret"}}}
            """);
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Fail(400, "validation error", data)));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(s_account, TestContext.Current.CancellationToken));

        Assert.DoesNotContain("has spaces secret", error.ValidationErrors.ToJson());
        Assert.True(error.ValidationErrors.Contains("attachments.0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b.settings.secret", "pattern"));
    }

    [Fact]
    public async Task Kazoos_raw_echoes_of_secrets_in_every_shape_and_of_url_secrets_are_masked()
    {
        // What Kazoo answers: the values as sent, secrets in clear, at secret paths and below them, and in URLs.
        var data = FakeCrossbar.Parse("""
            {"attachments.0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b":{"not_one_schema_valid":{"message":"failed to validate","value":{"handler":"s3","settings":{"bucket":"abc","key":["SEKRIT-1"],"secret":{"x":"SEKRIT-2"},"host":"https://u:SEKRIT-3@s3.example.com/?X-Amz-Signature=SEKRIT-4&n=1"}}}},
             "attachments.0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b.settings.key.0":{"type":{"message":"Value did not match type(s): string","target":"string","value":"SEKRIT-5"}},
             "connections.1a2b3c4d5e6f708192a3b4c5d6e7f809.settings.credentials":{"type":{"message":"Value did not match type(s): object","value":["SEKRIT-6",73917391739]}},
             "attachments.2b3c4d5e6f708192a3b4c5d6e7f8091a.settings.url":{"error":{"message":"invalid client URL https://u:SEKRIT-7@localhost/?token=SEKRIT-8","value":"https://u:SEKRIT-9@localhost/?sig=SEKRIT-10"}}}
            """);
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Fail(400, "validation error at https://u:SEKRIT-11@h/", data)));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(s_account, TestContext.Current.CancellationToken));

        var everything = error.Message + error.CrossbarMessage + error.Details + error.ValidationErrors.ToJson() + error.ValidationErrors + error;
        Assert.DoesNotContain("SEKRIT", everything);
        Assert.DoesNotContain("73917391739", everything);
        var errors = error.ValidationErrors.ToJson();
        Assert.Contains("https://u:***@s3.example.com/?X-Amz-Signature=***&n=1", errors);
        Assert.Contains("https://u:***@localhost/?sig=***", errors);
        Assert.Contains("\"key\":\"***\"", errors);
        Assert.Contains("\"secret\":\"***\"", errors);
        Assert.Equal(4, error.ValidationErrors.Paths.Count());
    }

    [Theory]
    [InlineData(403, "forbidden", CrossbarErrorKind.Forbidden)]
    [InlineData(409, "datastore_conflict", CrossbarErrorKind.Conflict)]
    [InlineData(429, "too_many_requests", CrossbarErrorKind.TooManyRequests)]
    [InlineData(500, "datastore_fault", CrossbarErrorKind.ServerError)]
    [InlineData(405, "method_not_allowed", CrossbarErrorKind.Other)]
    public async Task Each_status_has_its_own_kind(int status, string message, CrossbarErrorKind kind)
    {
        var client = Clients.Over(new FakeCrossbar().On("POST", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Fail(status, message)));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.ReplaceAsync(s_account, new(), TestContext.Current.CancellationToken));

        Assert.Equal(kind, error.Kind);
        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(message, error.CrossbarMessage);
        Assert.Equal(kind == CrossbarErrorKind.Forbidden, error.IsForbidden);
        Assert.Equal(kind == CrossbarErrorKind.Conflict, error.IsConflict);
    }

    [Fact]
    public async Task A_missing_document_is_not_found_without_the_module_hint()
    {
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage",
            () => FakeCrossbar.Fail(404, "bad_identifier", new JsonObject { ["cause"] = "acc1", ["message"] = "bad identifier" })));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(s_account, TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
        Assert.Equal("bad_identifier", error.CrossbarMessage);
        Assert.Contains("does not exist", error.Message);
        Assert.DoesNotContain("cb_storage", error.Message);
    }

    [Fact]
    public async Task A_404_that_is_not_bad_identifier_says_the_storage_module_may_be_off()
    {
        // The fake answers 404 not_found for routes it does not know, as Crossbar does when cb_storage is not loaded.
        var client = Clients.Over(new FakeCrossbar());

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(s_account, TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
        Assert.Contains("sup crossbar_maintenance start_module cb_storage", error.Message);
    }

    [Fact]
    public async Task A_404_without_a_body_also_gets_the_module_hint()
    {
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/storage", () => new HttpResponseMessage(HttpStatusCode.NotFound)));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
        Assert.Null(error.CrossbarMessage);
        Assert.Contains("start_module cb_storage", error.Message);
    }

    [Fact]
    public async Task An_answer_that_is_not_json_is_an_invalid_response()
    {
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/storage",
            () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("<html>proxy</html>", Encoding.UTF8, "text/html") }));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task A_success_without_data_is_an_invalid_response()
    {
        var client = Clients.Over(new FakeCrossbar().On("GET", "/v2/storage", () => FakeCrossbar.Ok(null)));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.InvalidResponse, error.Kind);
    }

    [Fact]
    public async Task A_connection_failure_is_a_transport_error_carrying_the_request_id_sent()
    {
        var client = Clients.Over(new FakeCrossbar().On("POST", "/v2/storage", (_, _) => throw new HttpRequestException("Connection reset")));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.ReplaceAsync(StorageScope.System, new(), TestContext.Current.CancellationToken));

        Assert.Equal(CrossbarErrorKind.Transport, error.Kind);
        Assert.Equal((HttpStatusCode)0, error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Matches("^[0-9a-f]{32}$", error.RequestId);
    }

    [Fact]
    public async Task Every_request_carries_an_x_request_id_and_an_error_reports_crossbars_request_id()
    {
        var fake = new FakeCrossbar().On("DELETE", "/v2/storage", () => FakeCrossbar.Fail(409, "datastore_conflict", requestId: "kazoo-req-7"));
        var client = Clients.Over(fake);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.DeleteAsync(StorageScope.System, TestContext.Current.CancellationToken));

        Assert.Equal("kazoo-req-7", error.RequestId);
        Assert.Matches("^[0-9a-f]{32}$", fake.To("DELETE", "/v2/storage").Single().Header("X-Request-ID"));
    }

    [Fact]
    public async Task Cancelling_a_call_throws_operation_canceled_not_a_crossbar_error()
    {
        var client = Clients.Over(new FakeCrossbar().OnAsync("GET", "/v2/storage", async (_, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
            return FakeCrossbar.Ok(new JsonObject());
        }));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(StorageScope.System, cancel.Token));
    }
}
