namespace Kazoo.Storage.Cli.Tests;

/// <summary>
/// attachment put, get and delete, and probe, through the bearer-token kinds (google_drive, google_storage, dropbox, onedrive) against
/// their strict loopback fakes, with the OAuth credentials given as the CLI takes them (--oauth-credentials or
/// KAZOO_OAUTH_CREDENTIALS). No server to install: nothing here skips.
/// </summary>
public sealed class AttachmentBearerKindsTests : CliTest
{
    private const string CredentialsVariable = "KAZOO_OAUTH_CREDENTIALS";

    [Theory]
    [MemberData(nameof(BearerBackend.Kinds), MemberType = typeof(BearerBackend))]
    public async Task Put_get_to_a_file_and_to_stdout_and_delete_round_trip_byte_for_byte(string kind)
    {
        await using var backend = await BearerBackend.StartAsync(kind);
        // Above every kind's single-request threshold of the defaults that apply here (Cloud Storage's 5 MiB): chunked paths too.
        var content = RandomNumberGenerator.GetBytes(6 * 1024 * 1024 + 3);
        var output = Files.PathOf("back.mp3");
        var credentials = Files.Write("oauth.json", backend.Credentials());
        var documentId = Documents.NewId();
        var environment = new Dictionary<string, string> { [CredentialsVariable] = credentials };
        string[] options = ["--account-doc", Files.Write("account.json", backend.AccountDocument()), .. Documents.Voicemail(documentId), .. backend.EndpointArgs];

        var put = await Tool.RunAsync(environment, ["attachment", "put", Files.WriteBytes("message.mp3", content), .. options, "--json"]);
        var storedAfterPut = backend.Stored();
        var get = await Tool.RunAsync(environment, ["attachment", "get", "-o", output, .. options, "--json"]);
        using var stdout = new MemoryStream();
        var getToStdout = await Tool.RunWithOutputStreamAsync(stdout, ["attachment", "get", .. options, "--oauth-credentials", credentials]);
        var delete = await Tool.RunAsync(environment, ["attachment", "delete", .. options, "--json"]);
        var gone = await Tool.RunAsync(environment, ["attachment", "get", "-o", Files.PathOf("gone.mp3"), .. options, "--json"]);

        var objectName = put.Json.GetProperty("object_name").GetString()!;
        AttachmentRuns.AssertAnswer(put, objectName, kind, content);
        Assert.Contains(documentId, objectName);
        // Exactly one file on the service, the bytes sent, under the object name the CLI reported.
        var (storedName, storedContent) = Assert.Single(storedAfterPut);
        Assert.EndsWith(objectName.Split('/')[^1], storedName);
        Assert.Equal(content, storedContent);

        AttachmentRuns.AssertAnswer(get, objectName, kind, content);
        Assert.Equal(content, File.ReadAllBytes(output));

        Assert.True(getToStdout.ExitCode == 0, getToStdout.ToString());
        Assert.Equal(content, stdout.ToArray());
        Assert.Empty(getToStdout.Out);
        Assert.Contains("sha256       " + Convert.ToHexStringLower(SHA256.HashData(content)), getToStdout.Err);

        AttachmentRuns.AssertAnswer(delete, objectName, kind, null);
        Assert.Empty(backend.Stored());
        Assert.Equal(3, gone.ExitCode);
        Assert.False(File.Exists(Files.PathOf("gone.mp3")));

        Assert.Empty(backend.Violations());
        AssertNoSecret(backend, put, get, getToStdout, delete, gone);
    }

    [Theory]
    [MemberData(nameof(BearerBackend.Kinds), MemberType = typeof(BearerBackend))]
    public async Task Probe_passes_and_leaves_no_test_file(string kind)
    {
        await using var backend = await BearerBackend.StartAsync(kind);
        string[] probe = ["probe", Files.Write("storage.json", backend.ProbeDocument()), "--account", Documents.AccountId, "--oauth-credentials", Files.Write("oauth.json", backend.Credentials()), .. backend.EndpointArgs];

        var plain = await Tool.RunAsync(probe);
        var json = await Tool.RunAsync([.. probe, "--json"]);

        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Contains("✓ 1 of 1 backends passed Kazoo's settings probe.", plain.Out);
        Assert.True(json.ExitCode == 0, json.ToString());
        var result = Assert.Single(json.Json.GetProperty("backends").EnumerateArray());
        Assert.Equal(BearerBackend.BackendId, result.GetProperty("id").GetString());
        Assert.Equal(kind, result.GetProperty("kind").GetString());
        Assert.Equal("passed", result.GetProperty("outcome").GetString());
        Assert.EndsWith("_test_credentials_file.txt", result.GetProperty("object_name").GetString());
        Assert.Empty(backend.Stored());
        Assert.Empty(backend.Violations());
        AssertNoSecret(backend, plain, json);
    }

    [Theory]
    [MemberData(nameof(BearerBackend.Kinds), MemberType = typeof(BearerBackend))]
    public async Task An_oauth_id_without_credentials_is_exit_4_naming_the_id_and_no_secret(string kind)
    {
        const string Unknown = "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
        await using var backend = await BearerBackend.StartAsync(kind);
        string[] options = ["--account-doc", Files.Write("account.json", backend.AccountDocument(Unknown)), .. Documents.Voicemail(Documents.NewId()), .. backend.EndpointArgs];
        // Credentials for another id only: their secrets must not surface either.
        var credentials = Files.Write("oauth.json", backend.Credentials());
        var probeDocument = Files.Write("storage.json", backend.ProbeDocument(Unknown));

        var json = await Tool.RunAsync(["attachment", "put", Files.WriteBytes("x.mp3", [1, 2, 3]), .. options, "--oauth-credentials", credentials, "--json"]);
        var plain = await Tool.RunAsync(new Dictionary<string, string> { [CredentialsVariable] = credentials }, ["attachment", "get", "-o", Files.PathOf("x.out"), .. options]);
        var probe = await Tool.RunAsync(["probe", probeDocument, "--oauth-credentials", credentials, "--json", .. backend.EndpointArgs]);

        var error = AttachmentRuns.AssertBackendFailure(json, 4, 401);
        Assert.Contains("oauth_failure", error.GetProperty("message").GetString());
        Assert.Contains($"'{Unknown}'", error.GetProperty("message").GetString());
        Assert.Contains("--oauth-credentials", error.GetProperty("hint").GetString());
        plain.AssertFailure(4, Unknown);
        Assert.Contains("KAZOO_OAUTH_CREDENTIALS", plain.Err);
        Assert.False(File.Exists(Files.PathOf("x.out")));
        Assert.Equal(1, probe.ExitCode);
        var failed = Assert.Single(probe.Json.GetProperty("backends").EnumerateArray());
        Assert.Equal("failed", failed.GetProperty("outcome").GetString());
        Assert.Equal(401, failed.GetProperty("error_code").GetInt32());
        Assert.Contains(Unknown, failed.GetProperty("detail").GetString());
        Assert.Empty(backend.Stored());
        Assert.Empty(backend.IssuedTokens());
        AssertNoSecret(backend, json, plain, probe);
    }

    [Fact]
    public async Task An_access_token_entry_is_used_as_given()
    {
        await using var backend = await BearerBackend.StartAsync("dropbox");
        var token = await TokenFromAsync(backend);
        var document = Files.Write("storage.json", backend.ProbeDocument());
        var credentials = Files.Write("oauth.json", $$"""{ "{{BearerBackend.OAuthDocId}}": { "access_token": "{{token}}" } }""");

        var result = await Tool.RunAsync(["probe", document, "--oauth-credentials", credentials, .. backend.EndpointArgs]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Single(backend.IssuedTokens()); // only the one this test asked for: the CLI refreshed nothing
        Assert.DoesNotContain(token, result.ToString());
    }

    [Theory]
    [InlineData("""[]""", "must hold a JSON object")]
    [InlineData("""{"7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a": {"client_id": "id", "client_secret": "never-printed-secret", "refresh_token": "never-printed-refresh"}}""", "missing \"token_uri\"")]
    [InlineData("""{"7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a": {"client_id": "id", "client_secret": "never-printed-secret", "refresh_token": "never-printed-refresh", "token_uri": "never-printed-secret"}}""", "token_uri of 7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a is not an http or https URL")]
    [InlineData("""{"7d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a": {"access_token": "never-printed-secret",}""", "oauth.json")]
    public async Task A_broken_credentials_file_is_a_usage_error_that_echoes_no_secret(string file, string message)
    {
        var document = Files.Write("storage.json", """{ "attachments": {} }""");
        var credentials = Files.Write("oauth.json", file);

        var result = await Tool.RunAsync("probe", document, "--oauth-credentials", credentials);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Err.ReplaceLineEndings(""));
        Assert.DoesNotContain("never-printed", result.ToString());
    }

    [Theory]
    [InlineData("--google-api")]
    [InlineData("--google-storage-endpoint")]
    [InlineData("--dropbox-content-endpoint")]
    [InlineData("--dropbox-api-endpoint")]
    [InlineData("--onedrive-endpoint")]
    public async Task An_endpoint_that_is_not_an_http_url_is_a_usage_error(string option)
    {
        var document = Files.Write("storage.json", """{ "attachments": {} }""");

        var result = await Tool.RunAsync("probe", document, option, "ftp://example.invalid/");

        result.AssertFailure(2, $"{option} must be an http or https URL");
    }

    /// <summary>An access token from the fake's own token endpoint, as an operator would paste one.</summary>
    private static async Task<string> TokenFromAsync(BearerBackend backend)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(backend.TokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = backend.RefreshToken,
            ["client_id"] = backend.ClientId,
            ["client_secret"] = backend.ClientSecret,
        }), TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return body.RootElement.GetProperty("access_token").GetString()!;
    }

    private static void AssertNoSecret(BearerBackend backend, params CliResult[] results)
    {
        foreach (var result in results)
        {
            var text = result.ToString();
            Assert.DoesNotContain(backend.ClientSecret, text);
            Assert.DoesNotContain(backend.RefreshToken, text);
            foreach (var token in backend.IssuedTokens())
            {
                Assert.DoesNotContain(token, text);
            }
        }
    }
}
