using System.Net;
using System.Text.Json.Nodes;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Unit;

public sealed class SafeUpdateTests
{
    private const string Stored = """
        {"attachments":{"a0000000000000000000000000000000":{"name":"first","handler":"http","settings":{"url":"https://a.example.com/"},"_sig":"0123456789abcdef0123456789abcdef"}},"id":"acc1","zz_unknown":[1,2]}
        """;

    private static readonly StorageScope s_account = StorageScope.Account("acc10000000000000000000000000000");

    [Fact]
    public async Task An_update_patches_only_what_changed_and_leaves_the_untouched_entry_and_its_sig_out()
    {
        var fake = PatchableFake();
        var client = Clients.Over(fake);

        await client.UpdateAsync(s_account, d => d.WithUiMetadata(FakeCrossbar.Element("""{"tag":"x"}""")), TestContext.Current.CancellationToken);

        Assert.Equal("""{"data":{"ui_metadata":{"tag":"x"}}}""", fake.To("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage").Single().Body);
        Assert.Empty(fake.To("POST", "/v2/accounts/acc10000000000000000000000000000/storage"));
    }

    [Fact]
    public async Task An_update_sends_a_removed_entry_as_null()
    {
        var fake = PatchableFake();
        var client = Clients.Over(fake);

        await client.UpdateAsync(s_account, d => TestDocuments.RemoveAttachment(d, "a0000000000000000000000000000000"), TestContext.Current.CancellationToken);

        Assert.Equal("""{"data":{"attachments":{"a0000000000000000000000000000000":null}}}""", fake.To("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage").Single().Body);
    }

    [Fact]
    public async Task An_update_reads_again_after_a_conflict()
    {
        var fake = new FakeCrossbar()
            .On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Ok(FakeCrossbar.Parse(Stored)))
            .On("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage", (_, n) => n == 1
                ? FakeCrossbar.Fail(409, "datastore_conflict")
                : FakeCrossbar.Ok(FakeCrossbar.Parse(Stored)));
        var client = Clients.Over(fake);
        var calls = 0;

        await client.UpdateAsync(s_account, d => { calls++; return d.WithUiMetadata(FakeCrossbar.Element("{}")); }, TestContext.Current.CancellationToken);

        Assert.Equal(2, calls);
        Assert.Equal(2, fake.To("GET", "/v2/accounts/acc10000000000000000000000000000/storage").Count());
        Assert.Equal(2, fake.To("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage").Count());
    }

    [Fact]
    public async Task An_update_gives_up_after_the_configured_attempts()
    {
        var fake = new FakeCrossbar()
            .On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Ok(FakeCrossbar.Parse(Stored)))
            .On("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Fail(409, "datastore_conflict"));
        var client = Clients.Over(fake, configure: o => o.MaxUpdateAttempts = 3);

        var error = await Assert.ThrowsAsync<CrossbarException>(() =>
            client.UpdateAsync(s_account, d => d.WithUiMetadata(FakeCrossbar.Element("{}")), TestContext.Current.CancellationToken));

        Assert.True(error.IsConflict);
        Assert.Equal(3, fake.To("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage").Count());
    }

    [Fact]
    public async Task An_update_that_changes_nothing_writes_nothing()
    {
        var fake = new FakeCrossbar().On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Ok(FakeCrossbar.Parse(Stored)));
        var client = Clients.Over(fake);

        var answer = await client.UpdateAsync(s_account, d => d with { }, TestContext.Current.CancellationToken);

        Assert.Equal("acc1", answer.Value.Id);
        Assert.Equal(["GET"], fake.Requests.Where(r => r.Path == "/v2/accounts/acc10000000000000000000000000000/storage").Select(r => r.Method));
    }

    [Fact]
    public async Task Create_or_replace_replaces_when_the_document_exists()
    {
        var fake = new FakeCrossbar()
            .On("PUT", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Fail(409, "datastore_conflict"))
            .On("POST", "/v2/accounts/acc10000000000000000000000000000/storage", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone()));
        var client = Clients.Over(fake);

        var answer = await client.CreateOrReplaceAsync(s_account, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Single(fake.To("PUT", "/v2/accounts/acc10000000000000000000000000000/storage"));
        Assert.Equal(fake.To("PUT", "/v2/accounts/acc10000000000000000000000000000/storage").Single().Body, fake.To("POST", "/v2/accounts/acc10000000000000000000000000000/storage").Single().Body);
    }

    [Fact]
    public async Task Create_or_replace_creates_when_there_is_none()
    {
        var fake = new FakeCrossbar().On("PUT", "/v2/accounts/acc10000000000000000000000000000/storage", (request, _) => FakeCrossbar.Ok(request.Json!["data"]!.DeepClone(), status: HttpStatusCode.Created));
        var client = Clients.Over(fake);

        var answer = await client.CreateOrReplaceAsync(s_account, new StorageDocument(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, answer.Status);
        Assert.Empty(fake.To("POST", "/v2/accounts/acc10000000000000000000000000000/storage"));
    }

    [Fact]
    public async Task A_plan_get_falls_back_to_the_listing_when_kazoo_answers_404()
    {
        var fake = new FakeCrossbar()
            .On("GET", "/v2/accounts/r1000000000000000000000000000000/storage/plans/p1", () => FakeCrossbar.Fail(404, "bad_identifier", new JsonObject { ["cause"] = "p1" }))
            .On("GET", "/v2/accounts/r1000000000000000000000000000000/storage/plans", () => FakeCrossbar.Ok(new JsonArray(
                new JsonObject { ["_id"] = "p1", ["_rev"] = "3-r", ["pvt_type"] = "storage_plan", ["plan"] = new JsonObject(), ["ui_metadata"] = new JsonObject { ["k"] = 1 } })));
        var client = Clients.Over(fake);

        var plan = await client.GetPlanAsync(StorageScope.Account("r1000000000000000000000000000000"), "p1", TestContext.Current.CancellationToken);

        Assert.Equal("p1", plan.Value.Id);
        Assert.Equal("3-r", plan.Revision);
        // Kazoo's _ and pvt_ fields are not the document's; ui_metadata, which the schema does not declare, is.
        Assert.Equal(new[] { "ui_metadata" }, plan.Value.ExtensionData.Select(member => member.Key));
        Assert.NotNull(plan.Value.UiMetadataOf());
    }

    [Fact]
    public async Task A_plan_delete_404_explains_kazoos_type_check_bug()
    {
        var fake = new FakeCrossbar().On("DELETE", "/v2/storage/plans/p1", () => FakeCrossbar.Fail(404, "bad_identifier"));
        var client = Clients.Over(fake);

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.DeletePlanAsync(StorageScope.System, "p1", TestContext.Current.CancellationToken));

        Assert.True(error.IsNotFound);
        Assert.Contains("type-check bug", error.Message);
    }

    /// <summary>Answers the GET with <see cref="Stored"/>, and a PATCH with it too (what is sent is what these tests look at).</summary>
    private static FakeCrossbar PatchableFake() => new FakeCrossbar()
        .On("GET", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Ok(FakeCrossbar.Parse(Stored)))
        .On("PATCH", "/v2/accounts/acc10000000000000000000000000000/storage", () => FakeCrossbar.Ok(FakeCrossbar.Parse(Stored)));
}
