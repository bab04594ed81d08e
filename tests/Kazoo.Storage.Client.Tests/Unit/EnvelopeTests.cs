using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Crossbar.Protocol;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class EnvelopeTests
{
    private const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";

    private static readonly string s_storedDocument = """
        {"attachments":{"0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b":{"handler":"http","name":"files","settings":{"verb":"put","url":"https://files.example.com/vm"},"_sig":"3b1f0c8d9e7a6b5c4d3e2f1a0b9c8d7e"}},"id":"acc1","x_custom":{"kept":true},"plan":{"modb":{"types":{"mailbox_message":{"attachments":{"handler":"0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b"}}}}}}
        """;

    [Fact]
    public async Task Get_returns_the_document_and_the_envelope_metadata()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Ok(FakeCrossbar.Parse(s_storedDocument), revision: "2-abc"));
        var client = Clients.Over(fake);

        var answer = await client.GetAsync(StorageScope.Account("acc10000000000000000000000000000"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("2-abc", answer.Revision);
        Assert.Equal("req-1", answer.RequestId);
        Assert.Equal("node-1", answer.Node);
        Assert.Equal("5.0.0", answer.Version);
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero), answer.Timestamp);
        Assert.Equal(new CrossbarTokens(1, 99), answer.Tokens);
        Assert.IsType<StorageAttachmentHttp>(answer.Value.Attachments![AttachmentId]);
        Assert.Equal("acc1", answer.Value.Id);
    }

    [Fact]
    public async Task The_tokens_are_read_in_any_order_and_other_members_are_passed_over()
    {
        var envelope = FakeCrossbar.Envelope(FakeCrossbar.Parse(s_storedDocument), revision: "2-abc");
        envelope["tokens"] = new JsonObject { ["remaining"] = 7, ["bucket"] = new JsonObject { ["x"] = 1 }, ["consumed"] = 3 };
        var fake = new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Json(HttpStatusCode.OK, envelope));

        var answer = await Clients.Over(fake).GetAsync(StorageScope.Account("acc10000000000000000000000000000"), TestContext.Current.CancellationToken);

        Assert.Equal(new CrossbarTokens(3, 7), answer.Tokens);
        Assert.Equal("acc1", answer.Value.Id);
    }

    // Crossbar writes "yyyy-MM-ddTHH:mm:ss" (the spec's example) or with a final Z; both read as UTC, other ISO 8601
    // shapes are converted to UTC, and what is not a date (or not a real day) reads as null.
    [Theory]
    [InlineData("2024-01-01T00:00:00", "2024-01-01T00:00:00+00:00")]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00+00:00")]
    [InlineData("2024-02-29T23:59:59Z", "2024-02-29T23:59:59+00:00")]
    [InlineData("2024-06-30T23:59:59+02:00", "2024-06-30T21:59:59+00:00")]
    [InlineData("2024-06-30T12:00:00.250Z", "2024-06-30T12:00:00.2500000+00:00")]
    [InlineData("2023-02-29T00:00:00Z", null)]
    [InlineData("2024-01-01T24:00:00Z", null)]
    [InlineData("2024-01-01T00:00:0x", null)]
    [InlineData("yesterday", null)]
    public async Task The_timestamp_is_read_in_the_shapes_crossbar_writes(string timestamp, string? expected)
    {
        var envelope = FakeCrossbar.Envelope(FakeCrossbar.Parse(s_storedDocument), revision: "2-abc");
        envelope["timestamp"] = timestamp;
        var fake = new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Json(HttpStatusCode.OK, envelope));

        var answer = await Clients.Over(fake).GetAsync(StorageScope.Account("acc10000000000000000000000000000"), TestContext.Current.CancellationToken);

        Assert.Equal(expected is null ? null : DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), answer.Timestamp);
        Assert.Equal(TimeSpan.Zero, answer.Timestamp?.Offset ?? TimeSpan.Zero);
    }

    [Fact]
    public async Task Replace_sends_the_read_document_in_a_data_envelope_with_sig_unknown_keys_and_key_order()
    {
        var fake = new FakeCrossbar()
            .On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Ok(FakeCrossbar.Parse(s_storedDocument)))
            .On("POST", "/v2/accounts/acc10000000000000000000000000000/storage", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone()));
        var client = Clients.Over(fake);
        var read = await client.GetAsync(StorageScope.Account("acc10000000000000000000000000000"), TestContext.Current.CancellationToken);

        await client.ReplaceAsync(StorageScope.Account("acc10000000000000000000000000000"), read.Value, TestContext.Current.CancellationToken);

        var sent = fake.To("POST", "/v2/accounts/acc10000000000000000000000000000/storage").Single().Body!;
        Assert.Equal("{\"data\":" + s_storedDocument.Trim() + "}", sent);
    }

    // A write's document is serialized once: the bytes validated are the bytes sent, in the envelope as they are, with a
    // Content-Length, and sent again unchanged when a refused token makes the client log in and resend.
    [Theory]
    [MemberData(nameof(Clients.Kinds), MemberType = typeof(Clients))]
    public async Task A_write_sends_its_serialized_bytes_with_a_length_and_resends_them_after_a_renewal(string kind)
    {
        var fake = new FakeCrossbar().On("PUT", "/v2/storage", (request, n) => n == 1
            ? FakeCrossbar.Fail(401, "invalid credentials")
            : FakeCrossbar.Ok(request.Json!["data"]!.DeepClone(), status: HttpStatusCode.Created));
        var client = Clients.Over(kind, fake);
        var document = JsonSerializer.Deserialize(s_storedDocument, KazooStorageJson.GetTypeInfo<StorageDocument>())!;

        await client.CreateAsync(StorageScope.System, document, TestContext.Current.CancellationToken);

        var sent = fake.To("PUT", "/v2/storage").ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, request =>
        {
            Assert.Equal("{\"data\":" + s_storedDocument.Trim() + "}", request.Body);
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(request.Body!).ToString(System.Globalization.CultureInfo.InvariantCulture), request.Header("Content-Length"));
            Assert.Equal("application/json; charset=utf-8", request.Header("Content-Type"));
        });
    }

    [Fact]
    public void An_error_code_written_as_a_number_is_read_as_text()
    {
        var envelope = JsonSerializer.Deserialize("""{"error":404,"message":"bad_identifier","data":{}}""", CrossbarJson.GetTypeInfo<CrossbarEnvelope<JsonElement>>())!;

        Assert.Equal("404", envelope.Error);
        Assert.Equal("bad_identifier", envelope.Message);
    }

    [Fact]
    public void A_storage_envelope_round_trips_through_the_combined_resolver()
    {
        var json = """{"data":""" + s_storedDocument.Trim() + ""","request_id":"r","revision":"1-a","status":"success"}""";

        var envelope = JsonSerializer.Deserialize(json, CrossbarJson.GetTypeInfo<CrossbarEnvelope<StorageDocument>>())!;
        var written = JsonSerializer.Serialize(envelope, CrossbarJson.GetTypeInfo<CrossbarEnvelope<StorageDocument>>());

        Assert.Equal("r", envelope.RequestId);
        Assert.True(JsonElement.DeepEquals(FakeCrossbar.Element(json), FakeCrossbar.Element(written)));
    }

    [Fact]
    public void An_envelope_never_prints_its_token()
    {
        var envelope = new CrossbarEnvelope<JsonElement> { AuthToken = "eyJ.super.secret", RequestId = "r1" };

        Assert.DoesNotContain("eyJ.super.secret", envelope.ToString());
        Assert.Contains("r1", envelope.ToString());
    }

    [Fact]
    public async Task Listing_plans_reads_raw_documents_and_follows_next_start_key()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/storage/plans", (request, n) =>
        {
            var page = request.Query.Contains("start_key=p3", StringComparison.Ordinal)
                ? new JsonArray(Plan("p3"))
                : new JsonArray(Plan("p1"), Plan("p2"));
            var envelope = FakeCrossbar.Envelope(page, revision: "hash");
            envelope["page_size"] = page.Count;
            if (n == 1)
            {
                envelope["next_start_key"] = "p3";
            }

            return FakeCrossbar.Json(HttpStatusCode.OK, envelope);
        });
        var client = Clients.Over(fake);

        var plans = await client.ListPlansAsync(StorageScope.System, TestContext.Current.CancellationToken);

        Assert.Equal(["p1", "p2", "p3"], plans.Value.Select(p => p.ExtensionData["_id"].GetString()));
        Assert.True(plans.Value[0].ExtensionData.ContainsKey("_rev"));
        Assert.True(plans.Value[0].ExtensionData.ContainsKey("pvt_type"));
        Assert.Equal(2, fake.To("GET", "/v2/storage/plans").Count());
        Assert.Null(plans.NextStartKey);

        static JsonObject Plan(string id) => new() { ["_id"] = id, ["_rev"] = "1-x", ["pvt_type"] = "storage_plan", ["plan"] = new JsonObject() };
    }

    [Fact]
    public async Task Create_answers_201_with_the_saved_document()
    {
        var fake = new FakeCrossbar().On("PUT", "/v2/storage", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone(), status: HttpStatusCode.Created));
        var client = Clients.Over(fake);
        var id = TestDocuments.NewId();

        var created = await client.CreateAsync(StorageScope.System, TestDocuments.WithAttachment(id, TestDocuments.Http()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.Equal("https://files.example.com/vm", ((StorageAttachmentHttp)created.Value.Attachments![id]).Settings.Url);
        Assert.Null(fake.To("PUT", "/v2/storage").Single().Header("validate_settings"));
        Assert.Equal(string.Empty, fake.To("PUT", "/v2/storage").Single().Query);
    }

    [Fact]
    public async Task Skipping_the_settings_probe_sends_validate_settings_false_in_lowercase()
    {
        var fake = new FakeCrossbar().On("PUT", "/v2/accounts/a0000000000000000000000000000000/storage", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone(), status: HttpStatusCode.Created));
        var client = Clients.Over(fake, configure: o => o.SkipSettingsProbe = true);

        await client.CreateAsync(StorageScope.Account("a0000000000000000000000000000000"), TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), TestContext.Current.CancellationToken);

        Assert.Equal("?validate_settings=false", fake.To("PUT", "/v2/accounts/a0000000000000000000000000000000/storage").Single().Query);
    }
}
