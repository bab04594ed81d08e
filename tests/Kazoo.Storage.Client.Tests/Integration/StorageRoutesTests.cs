using System.Net;
using System.Text.Json;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Client.Tests.Integration;

public sealed class StorageRoutesTests
{
    [Fact]
    public async Task An_account_document_goes_through_create_get_replace_patch_and_delete()
    {
        await using var crossbar = await Emulator.StartAsync();
        var probes = Emulator.CountHttpProbes(crossbar);
        var account = crossbar.AddAccount("acme");
        var client = Emulator.Client(crossbar, CrossbarCredentials.FromApiKey(account.ApiKey));
        var scope = StorageScope.Account(account.Id);
        var id = TestDocuments.NewId();
        var ct = TestContext.Current.CancellationToken;

        var created = await client.CreateAsync(scope, TestDocuments.WithAttachment(id, TestDocuments.Http()), ct);
        var read = await client.GetAsync(scope, ct);
        var replaced = await client.ReplaceAsync(scope, read.Value.WithUiMetadata(JsonDocument.Parse("""{"origin":"test"}""").RootElement), ct);
        var patched = await client.PatchAsync(scope, new StoragePatchBuilder().Set("ui_metadata.origin", "patched").Build(), ct);
        var deleted = await client.DeleteAsync(scope, ct);
        var gone = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(scope, ct));
        var none = await client.GetOrDefaultAsync(scope, ct);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.True(created.Value.Attachments![id].ExtensionData.ContainsKey("_sig"));
        Assert.Equal(account.Id, read.Value.Id);
        Assert.NotNull(read.Revision);
        Assert.NotNull(read.RequestId);
        Assert.Equal("5.0.0", read.Version);
        Assert.NotNull(read.Timestamp);
        Assert.Equal("test", replaced.Value.UiMetadataOf()!.Value.GetProperty("origin").GetString());
        Assert.Equal("patched", patched.Value.UiMetadataOf()!.Value.GetProperty("origin").GetString());
        Assert.True(deleted.Value.ExtensionData["_read_only"].GetProperty("deleted").GetBoolean());
        Assert.True(gone.IsNotFound);
        Assert.Equal("bad_identifier", gone.CrossbarMessage);
        Assert.Null(none);
        // Created once; the replace sent the _sig back, so only the PATCH (which re-sorts keys) probed again.
        Assert.Equal(2, probes[id]);
    }

    [Fact]
    public async Task The_system_document_is_managed_with_the_master_key()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);
        var ct = TestContext.Current.CancellationToken;
        var id = TestDocuments.NewId();

        await client.CreateAsync(StorageScope.System, TestDocuments.WithAttachment(id, TestDocuments.Http()), ct);
        var read = await client.GetAsync(StorageScope.System, ct);

        Assert.Equal("system", read.Value.Id);
        Assert.NotNull(crossbar.GetStoredDocument("system"));
    }

    [Fact]
    public async Task A_user_document_is_managed_by_the_user_who_logged_in()
    {
        await using var crossbar = await Emulator.StartAsync();
        var account = crossbar.AddAccount("acme");
        var user = crossbar.AddUser(account.Id, "Alice", "correct horse battery");
        var client = Emulator.Client(crossbar, CrossbarCredentials.FromUser("ALICE", "correct horse battery", account.Name));
        var scope = StorageScope.User(account.Id, user.Id);
        var ct = TestContext.Current.CancellationToken;

        await client.CreateAsync(scope, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), ct);
        var read = await client.GetAsync(scope, ct);
        await client.DeleteAsync(scope, ct);

        Assert.Equal(user.Id, read.Value.Id);
        Assert.Null(crossbar.GetStoredDocument(user.Id));
    }

    [Fact]
    public async Task Creating_twice_conflicts_and_create_or_replace_replaces()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);
        var account = crossbar.AddAccount("acme");
        var scope = StorageScope.Account(account.Id);
        var ct = TestContext.Current.CancellationToken;
        var document = TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http());

        await client.CreateAsync(scope, document, ct);
        var conflict = await Assert.ThrowsAsync<CrossbarException>(() => client.CreateAsync(scope, document, ct));
        var replaced = await client.CreateOrReplaceAsync(scope, document.WithUiMetadata(JsonDocument.Parse("{\"v\":2}").RootElement), ct);

        Assert.True(conflict.IsConflict);
        Assert.Equal("datastore_conflict", conflict.CrossbarMessage);
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal(2, replaced.Value.UiMetadataOf()!.Value.GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task Updates_leave_unchanged_backends_alone_so_they_are_not_probed_again()
    {
        await using var crossbar = await Emulator.StartAsync();
        var probes = Emulator.CountHttpProbes(crossbar);
        var client = Emulator.Client(crossbar);
        var account = crossbar.AddAccount("acme");
        var scope = StorageScope.Account(account.Id);
        var ct = TestContext.Current.CancellationToken;
        var first = TestDocuments.NewId();
        var second = TestDocuments.NewId();
        await client.CreateAsync(scope, TestDocuments.WithAttachment(first, TestDocuments.Http()), ct);

        await client.UpdateAsync(scope, d => TestDocuments.AddAttachment(d, second, TestDocuments.HttpWithDefaults("https://second.example.com/")), ct);
        await client.UpdateAsync(scope, d => d.WithUiMetadata(JsonDocument.Parse("{\"n\":1}").RootElement), ct);
        await client.UpdateAsync(scope, d => d.WithUiMetadata(JsonDocument.Parse("{\"n\":2}").RootElement), ct);

        // The first entry twice: at the create, and once when the first PATCH re-sorted its keys, as Kazoo does (spec
        // Corrections #1); after that, neither entry is sent again, so neither is probed again.
        Assert.Equal(2, probes[first]);
        Assert.Equal(1, probes[second]);
        var stored = crossbar.GetStoredDocument(account.Id)!.Value;
        Assert.Equal(2, stored.GetProperty("attachments").EnumerateObject().Count());
    }

    [Fact]
    public async Task A_failed_settings_probe_is_a_400_with_the_backends_answer()
    {
        await using var crossbar = await Emulator.StartAsync();
        crossbar.RegisterProbe("s3", (_, _, _) => Task.FromResult(ProbeResult.Failed(403, "The AWS Access Key Id you provided does not exist in our records.")));
        var client = Emulator.Client(crossbar);
        var account = crossbar.AddAccount("acme");
        var id = TestDocuments.NewId();

        var error = await Assert.ThrowsAsync<CrossbarException>(() =>
            client.CreateAsync(StorageScope.Account(account.Id), TestDocuments.WithAttachment(id, TestDocuments.S3()), TestContext.Current.CancellationToken));

        Assert.True(error.IsBadRequest);
        Assert.False(error.IsLocal);
        var invalid = Assert.Single(error.ValidationErrors.At("attachments." + id));
        Assert.Equal("invalid", invalid.Code);
        Assert.Equal(403, invalid.Detail.GetProperty("error_code").GetInt32());
        Assert.Contains("AWS Access Key Id", error.Message);
        Assert.Null(crossbar.GetStoredDocument(account.Id));
    }

    [Fact]
    public async Task With_local_validation_off_kazoos_own_400_comes_back_in_the_same_shape()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar, configure: o => o.ValidateBeforeSending = false);
        var account = crossbar.AddAccount("acme");
        var hyphenated = Guid.NewGuid().ToString();
        var document = TestDocuments.WithAttachment(hyphenated, TestDocuments.Http()) with { Plan = null };

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.CreateAsync(StorageScope.Account(account.Id), document, TestContext.Current.CancellationToken));

        Assert.False(error.IsLocal);
        Assert.Equal("validation error", error.CrossbarMessage);
        Assert.True(error.ValidationErrors.Contains("attachments." + hyphenated, "additionalProperties"));
    }

    [Fact]
    public async Task Local_validation_stops_the_same_document_before_any_request()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);
        var account = crossbar.AddAccount("acme");
        var document = TestDocuments.WithAttachment(Guid.NewGuid().ToString(), TestDocuments.Http()) with { Plan = null };

        var error = await Assert.ThrowsAsync<CrossbarException>(() => client.CreateAsync(StorageScope.Account(account.Id), document, TestContext.Current.CancellationToken));

        Assert.True(error.IsLocal);
        Assert.Equal(0, crossbar.RequestCount);
    }

    [Fact]
    public async Task Skipping_the_probe_is_refused_unless_the_server_allows_overrides()
    {
        await using var strict = await Emulator.StartAsync();
        await using var lenient = await Emulator.StartAsync(new CrossbarEmulatorOptions { AllowValidationOverrides = true });
        var strictProbes = Emulator.CountHttpProbes(strict);
        var lenientProbes = Emulator.CountHttpProbes(lenient);
        var ct = TestContext.Current.CancellationToken;
        var document = TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http());

        var refused = await Assert.ThrowsAsync<CrossbarException>(() =>
            Emulator.Client(strict, configure: o => o.SkipSettingsProbe = true).CreateAsync(StorageScope.System, document, ct));
        await Emulator.Client(lenient, configure: o => o.SkipSettingsProbe = true).CreateAsync(StorageScope.System, document, ct);

        Assert.True(refused.ValidationErrors.Contains("validate_settings", "forbidden"));
        Assert.Empty(strictProbes);
        Assert.Empty(lenientProbes);
        Assert.NotNull(lenient.GetStoredDocument("system"));
    }

    [Fact]
    public async Task A_caller_without_rights_to_a_scope_is_forbidden()
    {
        await using var crossbar = await Emulator.StartAsync();
        var acme = crossbar.AddAccount("acme");
        var other = crossbar.AddAccount("other");
        var client = Emulator.Client(crossbar, CrossbarCredentials.FromApiKey(acme.ApiKey));
        var ct = TestContext.Current.CancellationToken;

        var system = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.System, ct));
        var sibling = await Assert.ThrowsAsync<CrossbarException>(() => client.GetAsync(StorageScope.Account(other.Id), ct));

        Assert.True(system.IsForbidden);
        Assert.True(sibling.IsForbidden);
        Assert.Equal(HttpStatusCode.Forbidden, sibling.StatusCode);
    }

    [Fact]
    public async Task Replacing_or_patching_a_missing_document_is_not_found()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);
        var scope = StorageScope.Account(crossbar.AddAccount("acme").Id);
        var ct = TestContext.Current.CancellationToken;

        var replace = await Assert.ThrowsAsync<CrossbarException>(() => client.ReplaceAsync(scope, new StorageDocument(), ct));
        var patch = await Assert.ThrowsAsync<CrossbarException>(() => client.PatchAsync(scope, StoragePatch.FromJson("""{"ui_metadata":{}}"""), ct));
        var delete = await Assert.ThrowsAsync<CrossbarException>(() => client.DeleteAsync(scope, ct));
        var update = await Assert.ThrowsAsync<CrossbarException>(() => client.UpdateAsync(scope, d => d, ct));

        Assert.All(new[] { replace, patch, delete, update }, e => Assert.True(e.IsNotFound));
    }

    [Fact]
    public async Task Patch_removes_keys_with_null_as_kazoo_does()
    {
        await using var crossbar = await Emulator.StartAsync();
        var client = Emulator.Client(crossbar);
        var scope = StorageScope.Account(crossbar.AddAccount("acme").Id);
        var ct = TestContext.Current.CancellationToken;
        var keep = TestDocuments.NewId();
        var drop = TestDocuments.NewId();
        var original = TestDocuments.AddAttachment(TestDocuments.WithAttachment(keep, TestDocuments.Http()), drop, TestDocuments.Http("https://old.example.com/"));
        var created = await client.CreateAsync(scope, original, ct);

        var wanted = created.Value with { Attachments = created.Value.Attachments!.Where(a => a.Key == keep).ToDictionary() };
        var patched = await client.PatchAsync(scope, StoragePatch.Between(created.Value, wanted), ct);

        Assert.Equal([keep], patched.Value.Attachments!.Keys);
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task A_patch_reprobes_backends_only_because_kazoo_resorts_keys(bool sortsKeys, int expectedProbes)
    {
        await using var crossbar = await Emulator.StartAsync(new CrossbarEmulatorOptions { PatchSortsKeysDescending = sortsKeys });
        var probes = Emulator.CountHttpProbes(crossbar);
        var client = Emulator.Client(crossbar);
        var scope = StorageScope.Account(crossbar.AddAccount("acme").Id);
        var ct = TestContext.Current.CancellationToken;
        var id = TestDocuments.NewId();
        await client.CreateAsync(scope, TestDocuments.WithAttachment(id, TestDocuments.Http()), ct);

        await client.PatchAsync(scope, new StoragePatchBuilder().Set("ui_metadata.note", "x").Build(), ct);

        Assert.Equal(expectedProbes, probes[id]);
    }
}
