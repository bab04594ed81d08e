using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments.Tests.Support;
using Kazoo.Storage.Models;
using Microsoft.AspNetCore.Http;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>Probing every backend of a storage document from the SDK, and the errors as Kazoo's validate_settings gives them.</summary>
public sealed class StorageDocumentProbeTests : IAsyncLifetime
{
    private const string Good = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    private const string Failing = "403f90f67d1b71341f2ea6426eed3d90";
    private const string Ftp = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";
    private const string S3 = "c0ffee00c0ffee00c0ffee00c0ffee00";
    private Receiver _receiver = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _receiver.Intercept = async (context, record) =>
        {
            if (!context.Request.Path.StartsWithSegments("/failing", StringComparison.Ordinal))
            {
                return false;
            }

            await Receiver.ReadBodyAsync(context, record);
            context.Response.StatusCode = 503;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":"maintenance"}""");
            return true;
        };
    }

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private static JsonObject HttpEntry(string url) => new() { ["handler"] = "http", ["settings"] = new JsonObject { ["url"] = url } };

    private static StorageDocument Document(JsonObject attachments) =>
        JsonSerializer.Deserialize(new JsonObject { ["attachments"] = attachments }.ToJsonString(), KazooStorageJson.GetTypeInfo<StorageDocument>())!;

    private StorageDocument Mixed() => Document(new JsonObject
    {
        [Good] = HttpEntry(_receiver.Url("good").ToString()),
        [Ftp] = new JsonObject { ["handler"] = "ftp", ["settings"] = new JsonObject { ["url"] = "ftp://files.example.com/in" } },
        [Failing] = HttpEntry(_receiver.Url("failing").ToString()),
        [S3] = new JsonObject { ["handler"] = "s3", ["settings"] = new JsonObject { ["bucket"] = "recordings", ["key"] = "testkey", ["secret"] = "testsecret" } },
    });

    [Fact]
    public async Task Each_backend_is_reported_in_document_order_with_its_outcome()
    {
        var probe = new StorageDocumentProbe([Handler()]);

        var report = await probe.ProbeAsync(Mixed(), Backends.AccountId, Cancel);

        Assert.Equal([Good, Ftp, Failing, S3], report.Select(r => r.AttachmentId));
        Assert.Equal(
            [AttachmentBackendProbeOutcome.Passed, AttachmentBackendProbeOutcome.Unsupported, AttachmentBackendProbeOutcome.Failed, AttachmentBackendProbeOutcome.NoHandler],
            report.Select(r => r.Outcome));
        Assert.Equal(["http", "ftp", "http", "s3"], report.Select(r => r.Kind));
        Assert.False(report.Succeeded);

        var good = report[Good]!;
        Assert.True(good.Elapsed > TimeSpan.Zero);
        Assert.Null(good.Failure);
        Assert.Matches("^" + Backends.AccountId + "/[0-9a-f]{32}/[0-9a-f]{32}_test_credentials_file.txt$", good.TestFile!.ObjectName);

        var failing = report[Failing]!;
        Assert.Equal(503, failing.Failure!.ErrorCode);
        Assert.Equal("503 Service Unavailable", failing.Message);

        Assert.Equal("no handler registered for kind s3", report[S3]!.Message);
        Assert.Equal(TimeSpan.Zero, report[S3]!.Elapsed);
        Assert.Equal("kind ftp is not supported", report[Ftp]!.Message);
        Assert.DoesNotContain(_receiver.Requests, r => r.Target.Contains("ftp", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_errors_are_exactly_kazoos_validate_settings_errors()
    {
        var report = await new StorageDocumentProbe([Handler()]).ProbeAsync(Mixed(), Backends.AccountId, Cancel);

        var errors = report.ToValidationErrors();

        var error = Assert.Single(errors);
        Assert.Equal("attachments." + Failing, error.Path);
        Assert.Equal("invalid", error.Code);
        Assert.Equal(
            "{\"attachments." + Failing + "\":{\"invalid\":{\"error_code\":503,\"error_body\":{\"error\":\"maintenance\"},\"message\":\"503 Service Unavailable\"}}}",
            errors.ToJson());
    }

    [Fact]
    public async Task A_document_whose_backends_all_pass_has_no_errors()
    {
        var document = Document(new JsonObject { [Good] = HttpEntry(_receiver.Url("a").ToString()), [S3] = HttpEntry(_receiver.Url("b").ToString()) });

        var report = await new StorageDocumentProbe([Handler()]).ProbeAsync(document, null, Cancel);

        Assert.True(report.Succeeded);
        Assert.True(report.ToValidationErrors().IsValid);
        Assert.All(report, r => Assert.Equal(AttachmentBackendProbeOutcome.Passed, r.Outcome));
        Assert.Equal(6, _receiver.Requests.Count);
    }

    [Fact]
    public async Task Backends_are_probed_concurrently_within_the_bound()
    {
        var attachments = new JsonObject();
        for (var i = 0; i < 6; i++)
        {
            attachments[i.ToString("D32", System.Globalization.CultureInfo.InvariantCulture)] = HttpEntry(_receiver.Url("slow" + i).ToString());
        }

        _receiver.Delay = TimeSpan.FromMilliseconds(150);
        var probe = new StorageDocumentProbe([Handler()], new StorageDocumentProbeOptions { MaxConcurrency = 2 });

        var report = await probe.ProbeAsync(Document(attachments), Backends.AccountId, Cancel);

        Assert.All(report, r => Assert.Equal(AttachmentBackendProbeOutcome.Passed, r.Outcome));
        Assert.Equal(18, _receiver.Requests.Count);
        Assert.Equal(2, _receiver.MaxInFlight);
    }

    [Fact]
    public async Task An_unexpected_handler_exception_fails_that_backend_only()
    {
        var document = Document(new JsonObject
        {
            [Good] = HttpEntry(_receiver.Url("good").ToString()),
            [Failing] = new JsonObject { ["handler"] = "http", ["settings"] = new JsonObject { ["url"] = _receiver.Url("x").ToString(), ["verb"] = "patch" } },
        });

        var report = await new StorageDocumentProbe([Handler()]).ProbeAsync(document, Backends.AccountId, Cancel);

        Assert.Equal(AttachmentBackendProbeOutcome.Passed, report[Good]!.Outcome);
        var failed = report[Failing]!;
        Assert.Equal(AttachmentBackendProbeOutcome.Failed, failed.Outcome);
        Assert.Equal(500, failed.Failure!.ErrorCode);
        Assert.IsType<ArgumentException>(failed.Failure.InnerException);
    }

    [Fact]
    public void The_signature_is_the_md5_of_the_public_members_without_an_id_key()
    {
        const string Stored = """{"name":"récap","handler":"http","id":"x","weight":1.50,"settings":{"url":"https://rec.example.com/in","verb":"put"},"_sig":"old","pvt_x":1}""";
        var entry = Entry(JsonNode.Parse(Stored)!.AsObject());

        // Kazoo's rule, by hand: public members in stored order, compact UTF-8, numbers as written, and no "id" key.
        var expected = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(
            """{"name":"récap","handler":"http","weight":1.50,"settings":{"url":"https://rec.example.com/in","verb":"put"}}""")));
        Assert.Equal(expected, StorageDocumentProbe.ComputeSignature(entry));
        Assert.Equal(expected, StorageDocumentProbe.ComputeSignature(JsonDocument.Parse(Stored).RootElement));
        Assert.Throws<ArgumentException>(() => StorageDocumentProbe.ComputeSignature(JsonDocument.Parse("[]").RootElement));
    }

    [Fact]
    public async Task Signed_entries_are_skipped_only_when_asked()
    {
        var entry = HttpEntry(_receiver.Url("signed").ToString());
        entry["_sig"] = StorageDocumentProbe.ComputeSignature(Entry(entry));
        var stale = HttpEntry(_receiver.Url("stale").ToString());
        stale["_sig"] = "0123456789abcdef0123456789abcdef";
        var document = Document(new JsonObject { [Good] = entry, [S3] = stale });

        var skipping = await new StorageDocumentProbe([Handler()], new StorageDocumentProbeOptions { SkipSignedEntries = true }).ProbeAsync(document, null, Cancel);
        Assert.Equal(AttachmentBackendProbeOutcome.Skipped, skipping[Good]!.Outcome);
        Assert.Equal(AttachmentBackendProbeOutcome.Passed, skipping[S3]!.Outcome);
        Assert.DoesNotContain(_receiver.Requests, r => r.Target.StartsWith("/signed", StringComparison.Ordinal));

        var all = await new StorageDocumentProbe([Handler()]).ProbeAsync(document, null, Cancel);
        Assert.Equal(AttachmentBackendProbeOutcome.Passed, all[Good]!.Outcome);
        Assert.Contains(_receiver.Requests, r => r.Target.StartsWith("/signed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_backend_that_accepts_the_connection_and_never_answers_fails_with_the_timeout_named()
    {
        _receiver.Intercept = async (context, _) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
            return true;
        };
        var document = Document(new JsonObject { [Good] = HttpEntry(_receiver.Url("silent").ToString()) });
        var probe = new StorageDocumentProbe([Handler()], new StorageDocumentProbeOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var report = await probe.ProbeAsync(document, Backends.AccountId, Cancel);

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(400), TimeSpan.FromSeconds(20));
        var silent = report[Good]!;
        Assert.Equal(AttachmentBackendProbeOutcome.Failed, silent.Outcome);
        Assert.Equal(500, silent.Failure!.ErrorCode);
        Assert.Equal("Socket error: timeout (no answer within 0.5 s)", silent.Message);
    }

    [Fact]
    public void A_probe_waits_30_seconds_for_a_backend_by_default()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), new StorageDocumentProbeOptions().Timeout);
        Assert.Throws<ArgumentOutOfRangeException>(() => new StorageDocumentProbe([Handler()], new StorageDocumentProbeOptions { Timeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task An_account_id_that_is_not_a_Kazoo_id_is_refused_once_before_any_backend_is_probed()
    {
        var probe = new StorageDocumentProbe([Handler()]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => probe.ProbeAsync(Mixed(), "nonsense", Cancel));

        Assert.Equal("accountId", error.ParamName);
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task A_document_without_attachments_gives_an_empty_report()
    {
        var report = await new StorageDocumentProbe([Handler()]).ProbeAsync(new StorageDocument(), null, Cancel);

        Assert.Empty(report);
        Assert.True(report.Succeeded);
        Assert.Same(Validation.ValidationErrors.None, report.ToValidationErrors());
    }
}
