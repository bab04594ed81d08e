using System.Net;
using System.Text.Json.Nodes;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class LocalValidationTests
{
    private static readonly StorageScope s_account = StorageScope.Account("acc10000000000000000000000000000");

    private static FakeCrossbar Echoing() => new FakeCrossbar()
        .On("PUT", "/v2/accounts/acc10000000000000000000000000000/storage", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone(), status: HttpStatusCode.Created))
        .On("POST", "/v2/accounts/acc10000000000000000000000000000/storage", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone()))
        .On("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone()))
        .On("PUT", "/v2/accounts/acc10000000000000000000000000000/storage/plans", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone(), status: HttpStatusCode.Created));

    [Fact]
    public async Task An_invalid_document_is_not_sent_and_the_precise_errors_say_why()
    {
        var fake = Echoing();
        var client = Clients.Over(fake);
        var id = TestDocuments.NewId();
        var document = TestDocuments.WithAttachment(id, TestDocuments.S3(bucket: "abc"));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.CreateAsync(s_account, document, TestContext.Current.CancellationToken));

        Assert.True(error.IsLocal);
        Assert.True(error.IsBadRequest);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        // Precise mode: the real rule at the real path, not Kazoo's not_one_schema_valid.
        Assert.True(error.ValidationErrors.Contains("attachments." + id + ".settings.bucket", "minLength"));
        Assert.Contains("not sent", error.Message);
        Assert.Empty(fake.Requests);
    }

    // Validating a document must not change what is sent: the same bytes as with validation off, for every write that
    // carries a document.
    [Fact]
    public async Task A_validated_document_is_sent_byte_for_byte_as_an_unvalidated_one()
    {
        var id = TestDocuments.NewId();
        var document = TestDocuments.WithAttachment(id, TestDocuments.S3());
        var validated = Echoing();
        var unvalidated = Echoing();
        var checking = Clients.Over(validated);
        var trusting = Clients.Over(unvalidated, configure: options => options.ValidateBeforeSending = false);
        var ct = TestContext.Current.CancellationToken;

        foreach (var client in new[] { checking, trusting })
        {
            await client.CreateAsync(s_account, document, ct);
            await client.ReplaceAsync(s_account, document, ct);
            await client.CreatePlanAsync(s_account, document, ct);
        }

        static List<string> Writes(FakeCrossbar fake) => fake.Requests
            .Where(r => r.Path.Contains("/storage", StringComparison.Ordinal))
            .Select(r => r.Method + " " + r.Path + " " + r.Body)
            .ToList();
        var sent = Writes(validated);
        Assert.Equal(3, sent.Count);
        Assert.Equal(Writes(unvalidated), sent);
        Assert.All(sent, write => Assert.Contains(" {\"data\":{", write));
    }

    [Fact]
    public async Task A_plan_naming_an_attachment_that_is_not_there_is_refused_locally()
    {
        var fake = Echoing();
        var client = Clients.Over(fake);
        var document = new StorageDocument { Plan = TestDocuments.VoicemailsTo("deadbeefdeadbeefdeadbeefdeadbeef") };

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.ReplaceAsync(s_account, document, TestContext.Current.CancellationToken));

        Assert.True(error.ValidationErrors.Contains("plan.modb.types.mailbox_message.attachments.handler", "error"));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Plans_are_validated_too()
    {
        var fake = Echoing();
        var client = Clients.Over(fake);
        var document = TestDocuments.WithAttachment("NOT-A-KAZOO-ID", TestDocuments.Http());

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.CreatePlanAsync(s_account, document, TestContext.Current.CancellationToken));

        Assert.True(error.IsLocal);
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task Validation_can_be_turned_off_and_then_the_server_judges()
    {
        var fake = Echoing();
        var client = Clients.Over(fake, configure: o => o.ValidateBeforeSending = false);
        var document = TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.S3(bucket: "abc"));

        await client.CreateAsync(s_account, document, TestContext.Current.CancellationToken);

        Assert.Single(fake.To("PUT", "/v2/accounts/acc10000000000000000000000000000/storage"));
    }

    [Fact]
    public async Task A_patch_from_two_documents_is_validated_as_the_document_it_leads_to()
    {
        var fake = Echoing();
        var client = Clients.Over(fake);
        var id = TestDocuments.NewId();
        var before = TestDocuments.WithAttachment(id, TestDocuments.S3());
        var after = TestDocuments.WithAttachment(id, TestDocuments.S3(bucket: "ab"));

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.PatchAsync(s_account, StoragePatch.Between(before, after), TestContext.Current.CancellationToken));

        Assert.True(error.ValidationErrors.Contains("attachments." + id + ".settings.bucket", "minLength"));
        Assert.Empty(fake.Requests);
    }

    [Fact]
    public async Task A_partial_patch_is_checked_only_for_what_it_sets()
    {
        var fake = Echoing();
        var client = Clients.Over(fake);
        var id = TestDocuments.NewId();
        // No handler or key here: the stored entry has them, and Kazoo checks the merged document.
        var partial = new StoragePatchBuilder().Set("attachments." + id + ".settings.bucket", "new-bucket-name").Remove("plan.account").Build();
        var invalid = new StoragePatchBuilder().SetAttachment(id, TestDocuments.S3(bucket: "ab")).Build();

        await client.PatchAsync(s_account, partial, TestContext.Current.CancellationToken);
        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.PatchAsync(s_account, invalid, TestContext.Current.CancellationToken));

        Assert.Single(fake.To("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage"));
        Assert.True(error.ValidationErrors.Contains("attachments." + id + ".settings.bucket", "minLength"));
        Assert.Null(FakeCrossbar.Parse(fake.Requests[^1].Body!)["data"]!["plan"]!["account"]);
        Assert.True(((JsonObject)FakeCrossbar.Parse(fake.Requests[^1].Body!)["data"]!["plan"]!).ContainsKey("account"));
    }
}
