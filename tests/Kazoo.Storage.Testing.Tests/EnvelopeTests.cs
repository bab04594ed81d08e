using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kazoo.Storage.Testing.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.Testing.Tests;

/// <summary>Crossbar's envelopes (spec §3.1), routing, methods and malformed bodies.</summary>
public sealed partial class EnvelopeTests
{
    [Fact]
    public async Task A_success_envelope_has_Crossbar_fields()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));
        var envelope = answer.Envelope;

        Assert.Equal(["auth_token", "data", "node", "request_id", "revision", "status", "timestamp", "tokens", "version"], envelope.EnumerateObject().Select(p => p.Name));
        Assert.Equal("success", envelope.GetProperty("status").GetString());
        Assert.Equal(scenario.Caller.Token, envelope.GetProperty("auth_token").GetString());
        Assert.Matches(RevisionPattern(), envelope.GetProperty("revision").GetString());
        Assert.Matches(TimestampPattern(), envelope.GetProperty("timestamp").GetString());
        Assert.Equal(1, envelope.GetProperty("tokens").GetProperty("consumed").GetInt32());
        Assert.Equal(JsonValueKind.Number, envelope.GetProperty("tokens").GetProperty("remaining").ValueKind);
        Assert.False(string.IsNullOrEmpty(envelope.GetProperty("node").GetString()));
        Assert.Equal(envelope.GetProperty("request_id").GetString(), answer.Headers.GetValues("x-request-id").Single());
    }

    [Fact]
    public async Task An_error_envelope_has_the_code_as_a_string_and_no_revision()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.Equal(JsonValueKind.String, answer.Envelope.GetProperty("error").ValueKind);
        Assert.Equal("error", answer.Envelope.GetProperty("status").GetString());
        Assert.False(answer.Envelope.TryGetProperty("revision", out _));
        Assert.Equal(scenario.Caller.Token, answer.Envelope.GetProperty("auth_token").GetString());
        Assert.True(answer.Envelope.TryGetProperty("version", out _));
        Assert.Matches(TimestampPattern(), answer.Envelope.GetProperty("timestamp").GetString());
        Assert.True(answer.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task The_client_request_id_is_echoed()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.SendAsync(HttpMethod.Get, scenario.AccountStorage, null, r => r.Headers.Add("X-Request-ID", "my-request-1"));

        Assert.Equal("my-request-1", answer.Envelope.GetProperty("request_id").GetString());
        Assert.Equal("my-request-1", answer.Headers.GetValues("x-request-id").Single());
    }

    [Fact]
    public async Task The_timestamp_comes_from_the_emulator_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero));
        await using var scenario = await Scenario.StartAsync(new CrossbarEmulatorOptions { TimeProvider = clock });

        var answer = await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.Equal("2024-01-02T03:04:05Z", answer.Envelope.GetProperty("timestamp").GetString());
    }

    [Theory]
    [InlineData("v2/storagex")]
    [InlineData("v2/accounts/abc/vmboxes")]
    [InlineData("v1/storage")]
    [InlineData("v2/storage/plans/a/b")]
    public async Task A_path_no_module_answers_is_404(string path)
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("404", answer.Envelope.GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("POST", "v2/storage/plans", "GET, PUT")]
    [InlineData("PUT", "v2/storage/plans/0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b", "GET, POST, PATCH, DELETE")]
    [InlineData("GET", "v2/api_auth", "PUT")]
    public async Task A_method_the_route_does_not_answer_is_405_with_Allow(string method, string path, string allow)
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Master.SendAsync(new HttpMethod(method), path, (string?)null);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, answer.Status);
        Assert.Equal("405", answer.Envelope.GetProperty("error").GetString());
        Assert.Equal(allow, string.Join(", ", answer.ContentHeaders.Allow));
    }

    [Fact]
    public async Task Options_answers_without_a_token()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Anonymous.SendAsync(HttpMethod.Options, scenario.AccountStorage, (string?)null);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_400_json_invalid_before_authentication()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Anonymous.SendAsync(HttpMethod.Put, scenario.AccountStorage, "{\"data\": {");

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("body", answer.Error("json", "invalid").GetProperty("target").GetString());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task A_body_that_is_not_UTF8_is_400_json_invalid_wherever_the_bytes_are(byte[] invalid)
    {
        await using var scenario = await Scenario.StartAsync();
        byte[][] bodies =
        [
            [.. "{\"data\": {\"x\": \""u8, .. invalid, .. "\"}}"u8],
            [.. "{\"data\": {\"ui_metadata\": {\""u8, .. invalid, .. "\": 1}}}"u8],
        ];

        foreach (var body in bodies)
        {
            var answer = await scenario.Caller.SendAsync(HttpMethod.Put, scenario.AccountStorage, "", request => request.Content = Json(body));

            Assert.True(answer.Status == HttpStatusCode.BadRequest, answer.ToString());
            Assert.Equal("invalid JSON: the body is not UTF-8", answer.Error("json", "invalid").GetProperty("message").GetString());
        }

        Assert.Null(scenario.Emulator.GetStoredDocument(scenario.Account.Id));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_in_crossbars_shape()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.SendAsync(HttpMethod.Put, scenario.AccountStorage, "", request => request.Content = Json(new byte[30_000_001]));

        Assert.True(answer.Status == HttpStatusCode.RequestEntityTooLarge, answer.ToString());
        Assert.Equal("413", answer.Envelope.GetProperty("error").GetString());
        Assert.Equal("error", answer.Envelope.GetProperty("status").GetString());
        var maxLength = answer.Error("file", "maxLength");
        Assert.Equal(30_000_000, maxLength.GetProperty("target").GetInt64());
        Assert.Equal("Files must not be more than 30000000 bytes", maxLength.GetProperty("message").GetString());
    }

    private static ByteArrayContent Json(byte[] body) =>
        new(body) { Headers = { ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") } };

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task A_repeated_key_at_any_depth_counts_at_its_first_occurrence_in_what_is_stored_and_answered(string method)
    {
        await using var scenario = await Scenario.StartAsync();
        if (method != "PUT")
        {
            await scenario.Caller.PutAsync(scenario.AccountStorage, Scenario.Document(Scenario.S3Entry()));
        }

        // First occurrences: a valid S3 entry and plan. Later ones: a bucket too short, another handler, a plan naming no
        // backend, a second data member; none of them is read, stored or validated.
        var id = Scenario.AttachmentId;
        var body = "{\"data\": {\"attachments\": {\"" + id + "\": {\"handler\": \"s3\", \"name\": \"S3\", \"settings\": {\"bucket\": \"first-bucket\", \"key\": \"k\", \"secret\": \"s\", \"bucket\": \"no\"}, \"handler\": \"http\"},"
            + " \"" + id + "\": {\"handler\": \"ftp\"}},"
            + " \"ui_metadata\": {\"list\": [{\"a\": 1, \"a\": 2}], \"origin\": \"first\", \"origin\": \"later\"},"
            + " \"plan\": {\"modb\": {\"types\": {\"mailbox_message\": {\"attachments\": {\"handler\": \"" + id + "\", \"handler\": \"nope\"}}}}}},"
            + " \"data\": {\"attachments\": \"not even an object\"}}";

        var answer = await scenario.Caller.SendAsync(new HttpMethod(method), scenario.AccountStorage, body);
        var read = await scenario.Caller.GetAsync(scenario.AccountStorage);

        Assert.True(answer.Status is HttpStatusCode.OK or HttpStatusCode.Created, answer.ToString());
        foreach (var document in new[] { answer.Data, read.Data, scenario.Emulator.GetStoredDocument(scenario.Account.Id)!.Value })
        {
            var entry = document.GetProperty("attachments").GetProperty(id);
            Assert.Equal("s3", entry.GetProperty("handler").GetString());
            Assert.Equal("first-bucket", entry.GetProperty("settings").GetProperty("bucket").GetString());
            Assert.Equal("first", document.GetProperty("ui_metadata").GetProperty("origin").GetString());
            Assert.Equal("""[{"a":1}]""", document.GetProperty("ui_metadata").GetProperty("list").GetRawText());
            Assert.Equal(id, document.GetProperty("plan").GetProperty("modb").GetProperty("types").GetProperty("mailbox_message").GetProperty("attachments").GetProperty("handler").GetString());
            Assert.DoesNotContain("\"later\"", document.GetRawText(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_repeated_key_whose_first_occurrence_is_invalid_is_refused_as_kazoo_refuses_it()
    {
        await using var scenario = await Scenario.StartAsync();
        var body = "{\"data\": {\"attachments\": {\"" + Scenario.AttachmentId + "\": {\"handler\": \"s3\", \"name\": \"S3\", \"settings\": {\"bucket\": \"no\", \"bucket\": \"long-enough-bucket\", \"key\": \"k\", \"secret\": \"s\"}}}}}";

        var answer = await scenario.Caller.SendAsync(HttpMethod.Put, scenario.AccountStorage, body);

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Data.TryGetProperty("attachments." + Scenario.AttachmentId, out _), answer.ToString());
        Assert.Null(scenario.Emulator.GetStoredDocument(scenario.Account.Id));
    }

    [Fact]
    public async Task Envelope_keys_are_read_case_insensitively()
    {
        await using var scenario = await Scenario.StartAsync();

        var answer = await scenario.Caller.SendAsync(HttpMethod.Put, scenario.AccountStorage, "{\"Data\": {\"custom\": 1}}");

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Equal(1, answer.Data.GetProperty("custom").GetInt32());
    }

    [GeneratedRegex("^[0-9]+-[0-9a-f]{32}$")]
    private static partial Regex RevisionPattern();

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")]
    private static partial Regex TimestampPattern();
}
