using Kazoo.Storage.Crossbar;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>get, put, replace, patch and delete against the Crossbar emulator.</summary>
public sealed class ServerCommandTests : EmulatorTest
{
    private EmulatedAccount _account = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _account = Emulator.AddAccount("Acme");
    }

    private string[] Connect(params string[] args) => Connect(_account, args);

    private Dictionary<string, string> Environment() => new()
    {
        ["KAZOO_SERVER"] = Emulator.BaseAddress.ToString(),
        ["KAZOO_API_KEY"] = _account.ApiKey,
        ["KAZOO_ACCOUNT_ID"] = _account.Id,
    };

    [Fact]
    public async Task Put_then_get_round_trips_the_document_with_secrets_masked()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails());

        var put = await Tool.RunAsync(Connect("put", path));
        var get = await Tool.RunAsync(Connect("get"));
        var getJson = await Tool.RunAsync(Connect("get", "--json"));

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Contains($"✓ Created the storage document of account {_account.Id}", put.Out);
        Assert.Equal(0, get.ExitCode);
        Assert.Contains($"Read the storage document of account {_account.Id}", get.Out);
        Assert.Contains(Documents.S3Id, get.Out);
        Assert.Contains("bucket voicemail-bucket", get.Out);
        Assert.Contains("mailbox_message → " + Documents.S3Id, get.Out);
        Assert.Equal(0, getJson.ExitCode);
        var json = getJson.Json;
        Assert.Equal($"/v2/accounts/{_account.Id}/storage", json.GetProperty("scope").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("revision").GetString()));
        var settings = json.GetProperty("data").GetProperty("attachments").GetProperty(Documents.S3Id).GetProperty("settings");
        Assert.Equal("***", settings.GetProperty("secret").GetString());
        Assert.Equal("***", settings.GetProperty("key").GetString());
        Assert.Equal("voicemail-bucket", settings.GetProperty("bucket").GetString());
        foreach (var run in new[] { put, get, getJson })
        {
            Assert.DoesNotContain("testsecret", run.Out + run.Err);
            Assert.DoesNotContain(_account.ApiKey, run.Out + run.Err);
        }

        // What Kazoo stored has the real secret: masking is only in what the CLI prints.
        var stored = Emulator.GetStoredDocument(_account.Id)!.Value;
        Assert.Equal("testsecret-do-not-print", stored.GetProperty("attachments").GetProperty(Documents.S3Id).GetProperty("settings").GetProperty("secret").GetString());
    }

    [Fact]
    public async Task Show_secrets_prints_them()
    {
        await Tool.RunAsync(Connect("put", Files.Write("storage.json", Documents.S3Voicemails())));

        var json = await Tool.RunAsync(Connect("get", "--json", "--show-secrets"));

        Assert.Equal(0, json.ExitCode);
        Assert.Equal(
            "testsecret-do-not-print",
            json.Json.GetProperty("data").GetProperty("attachments").GetProperty(Documents.S3Id).GetProperty("settings").GetProperty("secret").GetString());
    }

    [Fact]
    public async Task Put_over_an_existing_document_is_a_conflict_exit_5()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails());
        await Tool.RunAsync(Connect("put", path));

        var again = await Tool.RunAsync(Connect("put", path));
        var againJson = await Tool.RunAsync(Connect("put", path, "--json"));

        again.AssertFailure(5, "already exists");
        Assert.Contains("use replace or patch", again.Err);
        Assert.Equal(5, againJson.ExitCode);
        var error = againJson.Json.GetProperty("error");
        Assert.Equal(409, error.GetProperty("status").GetInt32());
        Assert.Equal("conflict", error.GetProperty("kind").GetString());
        Assert.False(error.GetProperty("local").GetBoolean());
    }

    [Fact]
    public async Task Replace_patch_and_delete_change_what_the_server_holds()
    {
        await Tool.RunAsync(Connect("put", Files.Write("storage.json", Documents.S3Voicemails())));

        var replace = await Tool.RunAsync(Connect("replace", Files.Write("replace.json", Documents.S3Voicemails(bucket: "replaced-bucket")), "--json"));
        Assert.True(replace.ExitCode == 0, replace.ToString());
        Assert.Equal("replaced-bucket", Bucket(Emulator.GetStoredDocument(_account.Id)!.Value));

        var patch = await Tool.RunAsync(Connect("patch", Files.Write("patch.json", $$"""{"attachments": {"{{Documents.S3Id}}": {"settings": {"bucket": "patched-bucket"} } } }""")));
        Assert.True(patch.ExitCode == 0, patch.ToString());
        Assert.Contains("✓ Patched the storage document", patch.Out);
        var stored = Emulator.GetStoredDocument(_account.Id)!.Value;
        Assert.Equal("patched-bucket", Bucket(stored));
        Assert.Equal("testsecret-do-not-print", stored.GetProperty("attachments").GetProperty(Documents.S3Id).GetProperty("settings").GetProperty("secret").GetString());

        var delete = await Tool.RunAsync(Connect("delete", "--json"));
        Assert.Equal(0, delete.ExitCode);
        Assert.True(delete.Json.GetProperty("deleted").GetBoolean());

        var gone = await Tool.RunAsync(Connect("get"));
        gone.AssertFailure(3, $"There is no storage document for account {_account.Id} (404)");
    }

    [Fact]
    public async Task An_invalid_document_is_not_sent_unless_no_validate_and_then_Kazoo_refuses_it()
    {
        var path = Files.Write("storage.json", Documents.S3Voicemails(bucket: "abc"));

        var local = await Tool.RunAsync(Connect("put", path));
        local.AssertFailure(1, "nothing was sent");
        Assert.Contains($"attachments.{Documents.S3Id}.settings.bucket: minLength (6)", local.Err);
        Assert.Contains("--no-validate", local.Err);
        Assert.Equal(0, Emulator.CountRequests("PUT", $"/v2/accounts/{_account.Id}/storage"));

        var server = await Tool.RunAsync(Connect("put", path, "--no-validate", "--json"));
        Assert.Equal(1, server.ExitCode);
        Assert.Equal(1, Emulator.CountRequests("PUT", $"/v2/accounts/{_account.Id}/storage"));
        var error = server.Json.GetProperty("error");
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.False(error.GetProperty("local").GetBoolean());
        // Kazoo hides the real problem behind not_one_schema_valid; the CLI passes on what Kazoo said, secrets masked.
        Assert.True(error.GetProperty("errors").GetProperty($"attachments.{Documents.S3Id}").TryGetProperty("not_one_schema_valid", out _), server.Out);
        Assert.DoesNotContain("testsecret", server.Out);
    }

    [Fact]
    public async Task A_document_that_cannot_be_read_as_one_is_reported_with_its_errors_and_not_sent()
    {
        var path = Files.Write("storage.json", WrongTypeDocument);

        var result = await Tool.RunAsync(Connect("put", path));

        result.AssertFailure(1, $"attachments.{Documents.S3Id}.settings.bucket: type");
        Assert.Contains("hint: fix the document, or send it anyway with --no-validate", result.Err);
        Assert.Equal(0, Emulator.CountRequests("PUT", "/v2/accounts/"));
    }

    [Theory]
    [InlineData("put", "PUT")]
    [InlineData("replace", "POST")]
    [InlineData("patch", "PATCH")]
    public async Task No_validate_sends_the_bytes_as_read_and_shows_kazoos_400(string command, string method)
    {
        if (command != "put")
        {
            await Tool.RunAsync(Connect("put", Files.Write("storage.json", Documents.S3Voicemails())));
        }

        await using var relay = await RecordingRelay.StartAsync(Emulator.BaseAddress);
        var path = Files.Write("wrong.json", WrongTypeDocument);
        string[] args = [command, path, "--no-validate", "--server", relay.BaseAddress.ToString(), "--api-key", _account.ApiKey, "--account", _account.Id];

        var text = await Tool.RunAsync(args);
        var json = await Tool.RunAsync([.. args, "--json"]);

        // Byte for byte, inside Crossbar's envelope: white space, the escape and the number of the wrong type as written.
        var sent = relay.Bodies.Where(b => b.Method == method && b.Path.EndsWith("/storage", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, b => Assert.Equal("{\"data\":" + WrongTypeDocument + "}", Encoding.UTF8.GetString(b.Body)));
        // Kazoo judged it: its 400 is shown as its own, with the documented exit code for an invalid document.
        text.AssertFailure(1, "Kazoo refused the document");
        Assert.Contains($"attachments.{Documents.S3Id}", text.Err);
        Assert.DoesNotContain("nothing was sent", text.Err);
        Assert.Equal(1, json.ExitCode);
        var error = json.Json.GetProperty("error");
        Assert.Equal(400, error.GetProperty("status").GetInt32());
        Assert.False(error.GetProperty("local").GetBoolean());
        Assert.True(error.GetProperty("errors").TryGetProperty($"attachments.{Documents.S3Id}", out _), json.Out);
        Assert.DoesNotContain("wrong-type-secret", text.Out + text.Err + json.Out + json.Err);
        Assert.Equal(command == "put" ? null : "voicemail-bucket", Emulator.GetStoredDocument(_account.Id) is { } stored ? Bucket(stored) : null);
    }

    [Theory]
    [InlineData("voicemail-bucket", "abc", true)] // the first occurrence is valid, the repeat is too short
    [InlineData("abc", "voicemail-bucket", false)] // the other way round
    public async Task Validate_and_put_read_a_repeated_key_alike_as_its_first_occurrence(string first, string later, bool valid)
    {
        // The repeat is in a backend's settings, and the whole "attachments" member is repeated after the plan.
        var text = Documents.S3Voicemails(first).Replace($"\"bucket\": \"{first}\"", $"\"bucket\": \"{first}\", \"bucket\": \"{later}\"", StringComparison.Ordinal);
        text = text[..text.LastIndexOf('}')] + ", \"attachments\": {}}";
        var path = Files.Write("repeated.json", text);
        var other = Emulator.AddAccount("Other");

        var validate = await Tool.RunAsync("validate", path);
        var kazoo = await Tool.RunAsync("validate", path, "--kazoo");
        var put = await Tool.RunAsync(Connect("put", path));
        var asRead = await Tool.RunAsync("put", path, "--no-validate", "--server", Emulator.BaseAddress.ToString(), "--api-key", other.ApiKey, "--account", other.Id);

        // One verdict: locally, in Kazoo's mode, through the records (put), and from the emulator (put --no-validate).
        Assert.Equal(valid ? 0 : 1, validate.ExitCode);
        Assert.Equal(valid ? 0 : 1, kazoo.ExitCode);
        Assert.True(put.ExitCode == (valid ? 0 : 1), put.ToString());
        Assert.True(asRead.ExitCode == (valid ? 0 : 1), asRead.ToString());
        Assert.Contains(valid ? "Created" : "minLength", put.Out + put.Err);
        Assert.Contains(valid ? "Created" : "Kazoo refused the document", asRead.Out + asRead.Err);
        // One stored value, the first, with the backend the first "attachments" member holds.
        foreach (var id in new[] { _account.Id, other.Id })
        {
            Assert.Equal(valid ? first : null, Emulator.GetStoredDocument(id) is { } stored ? Bucket(stored) : null);
        }
    }

    /// <summary>A bucket that is a number: no record can hold it, Kazoo's schema refuses it. Unusual spacing on purpose.</summary>
    private static readonly string WrongTypeDocument =
        "{ \"attachments\" :{\"" + Documents.S3Id + "\":\n\t{\"handler\": \"s3\", \"settings\": {\"bucket\": 1.0E3, \"key\": \"k\\u0065y\", \"secret\": \"wrong-type-secret\"}}}}";

    [Fact]
    public async Task Connection_settings_come_from_the_environment()
    {
        await Tool.RunAsync(Connect("put", Files.Write("storage.json", Documents.S3Voicemails())));

        var result = await Tool.RunAsync(Environment(), "get", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"/v2/accounts/{_account.Id}/storage", result.Json.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Users_log_in_with_name_password_and_account_name_and_use_their_own_document()
    {
        var user = Emulator.AddUser(_account.Id, "alice", "correct horse", isAdmin: true);
        var env = new Dictionary<string, string> { ["KAZOO_PASSWORD"] = "correct horse" };
        string[] login = ["--server", Emulator.BaseAddress.ToString(), "--username", "alice", "--account-name", "Acme", "--account", _account.Id, "--user", user.Id];

        var put = await Tool.RunAsync(env, ["put", Files.Write("storage.json", Documents.HttpVoicemails("https://files.example.com/alice")), .. login]);
        var get = await Tool.RunAsync(env, ["get", "--json", .. login]);

        Assert.True(put.ExitCode == 0, put.ToString());
        Assert.Contains($"user {user.Id} of account {_account.Id}", put.Out);
        Assert.Equal($"/v2/accounts/{_account.Id}/users/{user.Id}/storage", get.Json.GetProperty("scope").GetString());
        Assert.NotNull(Emulator.GetStoredDocument(user.Id));
        Assert.DoesNotContain("correct horse", put.Out + put.Err + get.Out + get.Err);
    }

    [Fact]
    public async Task A_wrong_password_is_access_denied_exit_4()
    {
        Emulator.AddUser(_account.Id, "bob", "right");

        var result = await Tool.RunAsync(
            new Dictionary<string, string> { ["KAZOO_PASSWORD"] = "wrong" },
            "get", "--server", Emulator.BaseAddress.ToString(), "--username", "bob", "--account-name", "Acme", "--account", _account.Id);

        result.AssertFailure(4, "Kazoo refused the credentials (401");
        Assert.DoesNotContain("wrong", result.Err.Replace("wrong_", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_api_key_is_access_denied_and_never_echoed()
    {
        var result = await Tool.RunAsync("get", "--server", Emulator.BaseAddress.ToString(), "--api-key", "testkey-unknown", "--account", _account.Id, "--json");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("unauthorized", result.Json.GetProperty("error").GetProperty("kind").GetString());
        Assert.DoesNotContain("testkey-unknown", result.Out + result.Err);
    }

    [Fact]
    public async Task Another_accounts_document_is_forbidden_exit_4()
    {
        var other = Emulator.AddAccount("Other");

        var result = await Tool.RunAsync("get", "--server", Emulator.BaseAddress.ToString(), "--api-key", _account.ApiKey, "--account", other.Id);

        result.AssertFailure(4, "may not use the storage document of account " + other.Id);
    }

    [Fact]
    public async Task The_system_document_needs_the_master_account()
    {
        var path = Files.Write("system.json", Documents.HttpVoicemails("https://files.example.com/system"));

        var asMaster = await Tool.RunAsync("put", path, "--system", "--server", Emulator.BaseAddress.ToString(), "--api-key", Emulator.MasterApiKey);
        var mixed = await Tool.RunAsync("get", "--system", "--account", _account.Id, "--server", Emulator.BaseAddress.ToString(), "--api-key", Emulator.MasterApiKey);

        Assert.True(asMaster.ExitCode == 0, asMaster.ToString());
        Assert.Contains("Created the storage document of system", asMaster.Out);
        Assert.NotNull(Emulator.GetStoredDocument("system"));
        Assert.Equal(2, mixed.ExitCode);
    }

    [Fact]
    public async Task An_api_key_and_a_password_together_are_refused_by_the_sdks_rule_naming_both()
    {
        string[] get = ["get", "--server", Emulator.BaseAddress.ToString(), "--account", _account.Id];
        var secrets = new Dictionary<string, string> { ["KAZOO_API_KEY"] = _account.ApiKey, ["KAZOO_PASSWORD"] = "pw-never-printed" };

        var onCommandLine = await Tool.RunAsync([.. get, "--api-key", _account.ApiKey, "--password", "pw-never-printed"]);
        var inEnvironment = await Tool.RunAsync(secrets, get);
        var mixedJson = await Tool.RunAsync(new Dictionary<string, string> { ["KAZOO_API_KEY"] = _account.ApiKey }, [.. get, "--password", "pw-never-printed", "--json"]);
        var requests = Emulator.RequestCount;
        var commandLineWins = await Tool.RunAsync(new Dictionary<string, string> { ["KAZOO_PASSWORD"] = "pw-never-printed" }, [.. get, "--api-key", _account.ApiKey]);

        onCommandLine.AssertFailure(2, "error: " + CrossbarCredentials.FindConflict("--api-key", null, "--password", null));
        inEnvironment.AssertFailure(2, "KAZOO_API_KEY and KAZOO_PASSWORD cannot be used together");
        Assert.Equal(2, mixedJson.ExitCode);
        Assert.Contains("KAZOO_API_KEY and --password cannot be used together", mixedJson.Json.GetProperty("error").GetProperty("message").GetString());
        foreach (var run in new[] { onCommandLine, inEnvironment, mixedJson })
        {
            Assert.DoesNotContain("pw-never-printed", run.Out + run.Err);
            Assert.DoesNotContain(_account.ApiKey, run.Out + run.Err);
        }

        Assert.Equal(0, requests);
        // The command line wins over the environment: a password left in the environment does not stand in the way.
        Assert.True(commandLineWins.ExitCode == 3, commandLineWins.ToString());
    }

    [Fact]
    public async Task Missing_server_scope_or_credentials_are_usage_errors()
    {
        var noServer = await Tool.RunAsync("get", "--api-key", "testkey", "--account", _account.Id);
        var noScope = await Tool.RunAsync("get", "--server", Emulator.BaseAddress.ToString(), "--api-key", "testkey");
        var noCredentials = await Tool.RunAsync("get", "--server", Emulator.BaseAddress.ToString(), "--account", _account.Id);
        var twoLogins = await Tool.RunAsync("get", "--server", Emulator.BaseAddress.ToString(), "--account", _account.Id, "--api-key", "testkey", "--token", "abc");
        var notAUrl = await Tool.RunAsync("get", "--server", "ftp://kazoo", "--account", _account.Id, "--api-key", "testkey");

        noServer.AssertFailure(2, "KAZOO_SERVER");
        noScope.AssertFailure(2, "--account");
        noCredentials.AssertFailure(2, "KAZOO_API_KEY");
        Assert.Equal(2, twoLogins.ExitCode);
        Assert.Equal(2, notAUrl.ExitCode);
        Assert.Equal(0, Emulator.RequestCount);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_unavailable_exit_6()
    {
        var result = await Tool.RunAsync("get", "--server", Loopback.ClosedUrl().ToString(), "--api-key", "testkey", "--account", _account.Id);

        result.AssertFailure(6, "Cannot reach http://127.0.0.1:");
    }

    [Fact]
    public async Task Server_errors_are_exit_6_with_the_request_id()
    {
        await Tool.RunAsync(Connect("put", Files.Write("storage.json", Documents.S3Voicemails())));
        Emulator.Faults.FailNext(4); // the GET and its retries

        var result = await Tool.RunAsync(Connect("get"));

        result.AssertFailure(6, "request id");
    }

    [Fact]
    public async Task A_patch_must_be_an_object()
    {
        var result = await Tool.RunAsync(Connect("patch", Files.Write("patch.json", "[1, 2]")));

        result.AssertFailure(2, "a patch is a JSON object");
    }

    [Fact]
    public async Task The_api_root_url_is_accepted_as_the_server()
    {
        await Tool.RunAsync(Connect("put", Files.Write("storage.json", Documents.S3Voicemails())));

        var result = await Tool.RunAsync("get", "--server", new Uri(Emulator.BaseAddress, "v2").ToString(), "--api-key", _account.ApiKey, "--account", _account.Id);

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Theory]
    [InlineData("KAZOO_SERVER", "ftp://kazoo", "KAZOO_SERVER must be an http or https URL")]
    [InlineData("KAZOO_ACCOUNT_ID", "nonsense", "KAZOO_ACCOUNT_ID must be a Kazoo id, 32 lowercase letters and digits (got 'nonsense').")]
    [InlineData("KAZOO_API_KEY", " ", "KAZOO_API_KEY must not be empty.")]
    [InlineData("KAZOO_USERNAME", "alice", "KAZOO_USERNAME needs a password: set KAZOO_PASSWORD")]
    public async Task An_environment_variable_that_is_wrong_is_named_as_the_variable(string variable, string value, string expected)
    {
        var env = Environment();
        env[variable] = value;
        if (variable == "KAZOO_USERNAME")
        {
            // A user name is the way to log in, in place of the API key.
            env.Remove("KAZOO_API_KEY");
        }

        var result = await Tool.RunAsync(env, "get");

        result.AssertFailure(2, expected);
        Assert.Equal(0, Emulator.RequestCount);
    }

    [Theory]
    [InlineData("--account", "", "--account must be a Kazoo id, 32 lowercase letters and digits (got '').")]
    [InlineData("--account", "ab/cd", "--account must be a Kazoo id, 32 lowercase letters and digits (got 'ab/cd').")]
    [InlineData("--api-key", " ", "--api-key must not be empty.")]
    [InlineData("--token", "", "--token must not be empty.")]
    public async Task A_malformed_option_is_a_usage_error_in_the_clis_words(string option, string value, string expected)
    {
        string[] args = option == "--account"
            ? ["get", "--server", Emulator.BaseAddress.ToString(), "--api-key", _account.ApiKey, option, value]
            : ["get", "--server", Emulator.BaseAddress.ToString(), "--account", _account.Id, option, value];

        var result = await Tool.RunAsync(args);

        result.AssertFailure(2, expected);
        Assert.DoesNotContain("(Parameter", result.Err);
        Assert.Equal(0, Emulator.RequestCount);
    }

    [Fact]
    public async Task A_server_that_accepts_and_never_answers_times_out_and_the_message_names_the_timeout()
    {
        await using var silent = new SilentServer();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = await Tool.RunAsync("get", "--server", silent.Url.ToString(), "--api-key", "testkey", "--account", _account.Id, "--timeout", "1s");

        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        Assert.Contains($"{silent.Url} did not answer within 1 s (--timeout).", result.Err);
        Assert.Contains("hint: a slow server may need a longer --timeout.", result.Err);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-5s")]
    [InlineData("2d")]
    public async Task A_timeout_that_is_not_a_duration_is_a_usage_error(string timeout)
    {
        var result = await Tool.RunAsync(Connect("get", "--timeout", timeout));

        result.AssertFailure(2, $"--timeout must be a duration from 1 ms to 1 day, such as 10s, 2m or 500ms (got '{timeout}').");
        Assert.Equal(0, Emulator.RequestCount);
    }

    [Fact]
    public async Task A_refused_certificate_says_why()
    {
        await using var tls = UntrustedTlsServer.Start();

        var result = await Tool.RunAsync("get", "--server", tls.Url.ToString(), "--api-key", "testkey", "--account", _account.Id);

        Assert.True(result.ExitCode == 6, result.ToString());
        Assert.True(result.Err.Contains("The SSL connection could not be established: The remote certificate is invalid", StringComparison.Ordinal), result.ToString());
        Assert.Contains("UntrustedRoot", result.Err);
        Assert.DoesNotContain("inner exception", result.Err);
    }

    private static string Bucket(JsonElement stored) =>
        stored.GetProperty("attachments").GetProperty(Documents.S3Id).GetProperty("settings").GetProperty("bucket").GetString()!;
}
