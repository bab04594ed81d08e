using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Client.Tests.Integration;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_parallel_read_modify_write_updates_lose_nothing()
    {
        var first = TestDocuments.NewId();
        await using var stored = await StoredAsync(TestDocuments.WithAttachment(first, TestDocuments.Http()));
        var (client, scope, ct) = (stored.Client, stored.Scope, TestContext.Current.CancellationToken);
        var added = Enumerable.Range(0, 50).Select(_ => TestDocuments.NewId()).ToList();

        await Task.WhenAll(added.Select((id, i) => Task.Run(
            () => client.UpdateAsync(scope, d => TestDocuments.AddAttachment(d, id, TestDocuments.HttpWithDefaults("https://files.example.com/" + i)), ct), ct)));

        var final = await client.GetAsync(scope, ct);
        Assert.Equal(51, final.Value.Attachments!.Count);
        Assert.All(added, id => Assert.True(final.Value.Attachments.ContainsKey(id)));
        // Every added entry was probed once: no later patch touched it. The first entry twice: at the create, and once more
        // when the first PATCH re-sorted its keys, as Kazoo does (spec Corrections #1).
        Assert.All(added, id => Assert.Equal(1, stored.Probes[id]));
        Assert.Equal(2, stored.Probes[first]);
        Assert.Equal(51, stored.Probes.Count);
    }

    [Fact]
    public async Task Parallel_updates_of_different_scopes_run_side_by_side()
    {
        await using var crossbar = await Emulator.StartAsync();
        Emulator.CountHttpProbes(crossbar);
        var client = Emulator.Client(crossbar);
        var ct = TestContext.Current.CancellationToken;
        var scopes = Enumerable.Range(0, 5).Select(i => StorageScope.Account(crossbar.AddAccount("acct" + i).Id)).ToList();
        foreach (var scope in scopes)
        {
            await client.CreateAsync(scope, new StorageDocument().WithUiMetadata(JsonDocument.Parse("""{"n":0}""").RootElement), ct);
        }

        await Task.WhenAll(scopes.SelectMany(scope => Enumerable.Range(0, 10).Select(_ => client.UpdateAsync(scope, d => d.WithUiMetadata(
            JsonDocument.Parse("{\"n\":" + (d.UiMetadataOf()!.Value.GetProperty("n").GetInt32() + 1) + "}").RootElement), ct))));

        foreach (var scope in scopes)
        {
            Assert.Equal(10, (await client.GetAsync(scope, ct)).Value.UiMetadataOf()!.Value.GetProperty("n").GetInt32());
        }
    }

    [Fact]
    public async Task Fifty_writers_with_their_own_clients_each_add_a_backend_and_all_fifty_stay_with_their_sigs()
    {
        await using var stored = await StoredAsync(TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()));
        var ct = TestContext.Current.CancellationToken;
        var added = Enumerable.Range(0, 50).Select(_ => TestDocuments.NewId()).ToList();
        var gate = new ReadGate(added.Count);

        // Every writer reads before any writes: the interleaving in which writers that send what they read keep 1 of 50.
        var writes = added.Select((id, i) => gate.Client(stored.Crossbar)
            .UpdateAsync(stored.Scope, d => TestDocuments.AddAttachment(d, id, TestDocuments.HttpWithDefaults("https://files.example.com/" + i)), ct)).ToList();
        await gate.AllRead.WaitAsync(ct);
        gate.Open();
        var saved = await Task.WhenAll(writes);

        var final = (await stored.Client.GetAsync(stored.Scope, ct)).Value.Attachments!;
        Assert.Equal(51, final.Count);
        for (var i = 0; i < added.Count; i++)
        {
            var sigFromItsWrite = Sig(saved[i].Value.Attachments![added[i]]);
            Assert.Equal(sigFromItsWrite, Sig(final[added[i]]));
            Assert.Equal(1, stored.Probes[added[i]]);
        }
    }

    [Fact]
    public async Task A_removal_and_additions_that_read_before_it_all_hold()
    {
        var (kept, removed) = (TestDocuments.NewId(), TestDocuments.NewId());
        await using var stored = await StoredAsync(WithTwoBackends(kept, removed));
        var ct = TestContext.Current.CancellationToken;
        var added = Enumerable.Range(0, 10).Select(_ => TestDocuments.NewId()).ToList();
        var gate = new ReadGate(added.Count);

        var writes = added.Select(id => gate.Client(stored.Crossbar).UpdateAsync(stored.Scope, d => TestDocuments.AddAttachment(d, id, TestDocuments.Http()), ct)).ToList();
        await gate.AllRead.WaitAsync(ct);
        await stored.Client.UpdateAsync(stored.Scope, d => TestDocuments.RemoveAttachment(d, removed), ct);
        gate.Open();
        await Task.WhenAll(writes);

        var final = (await stored.Client.GetAsync(stored.Scope, ct)).Value.Attachments!;
        Assert.DoesNotContain(removed, final.Keys);
        Assert.Contains(kept, final.Keys);
        Assert.All(added, id => Assert.Contains(id, final.Keys));
        Assert.Equal(1 + added.Count, final.Count);
    }

    [Fact]
    public async Task An_edit_of_an_entry_removed_meanwhile_is_refused_rather_than_half_applied()
    {
        var (kept, removed) = (TestDocuments.NewId(), TestDocuments.NewId());
        await using var stored = await StoredAsync(WithTwoBackends(kept, removed));
        var ct = TestContext.Current.CancellationToken;
        var gate = new ReadGate(1);

        var rename = gate.Client(stored.Crossbar).UpdateAsync(stored.Scope, d => TestDocuments.AddAttachment(d, removed, TestDocuments.Http(name: "renamed")), ct);
        await gate.AllRead.WaitAsync(ct);
        await stored.Client.UpdateAsync(stored.Scope, d => TestDocuments.RemoveAttachment(d, removed), ct);
        gate.Open();

        var refused = await Assert.ThrowsAsync<CrossbarException>(() => rename);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.DoesNotContain(removed, (await stored.Client.GetAsync(stored.Scope, ct)).Value.Attachments!.Keys);
    }

    [Fact]
    public async Task Two_writers_changing_the_same_key_race_the_last_wins_and_the_loser_can_tell_by_reading_again()
    {
        await using var stored = await StoredAsync(new StorageDocument().WithUiMetadata(JsonDocument.Parse("""{"owner":"nobody"}""").RootElement));
        var ct = TestContext.Current.CancellationToken;
        Func<StorageDocument, StorageDocument> SetOwner(string owner) => d => d.WithUiMetadata(JsonDocument.Parse("{\"owner\":\"" + owner + "\"}").RootElement);
        var gate = new ReadGate(2);

        var first = gate.Client(stored.Crossbar).UpdateAsync(stored.Scope, SetOwner("first"), ct);
        var second = gate.Client(stored.Crossbar).UpdateAsync(stored.Scope, SetOwner("second"), ct);
        await gate.AllRead.WaitAsync(ct);
        gate.Open();
        await Task.WhenAll(first, second);

        // Both writes succeeded; whichever was saved last holds the key, silently. Reading again tells each writer.
        var now = (await stored.Client.GetAsync(stored.Scope, ct)).Value;
        var winner = now.UiMetadataOf()!.Value.GetProperty("owner").GetString();
        var loser = winner == "first" ? "second" : "first";
        Assert.Contains(winner, new[] { "first", "second" });
        Assert.True(StoragePatch.Between(now, SetOwner(winner!)(now)).IsEmpty);
        Assert.False(StoragePatch.Between(now, SetOwner(loser)(now)).IsEmpty);
    }

    private static StorageDocument WithTwoBackends(string kept, string removed) =>
        TestDocuments.AddAttachment(TestDocuments.WithAttachment(kept, TestDocuments.Http()), removed, TestDocuments.Http("https://old.example.com/"));

    private static string? Sig(StorageAttachmentsEntry entry) =>
        entry.ExtensionData.TryGetValue("_sig", out var sig) ? sig.GetString() : null;

    /// <summary>An emulator counting http probes, with an account whose storage document is <paramref name="document"/>.</summary>
    private static async Task<StoredDocument> StoredAsync(StorageDocument document)
    {
        var crossbar = await Emulator.StartAsync();
        var probes = Emulator.CountHttpProbes(crossbar);
        var scope = StorageScope.Account(crossbar.AddAccount("acme").Id);
        var client = Emulator.Client(crossbar);
        await client.CreateAsync(scope, document, TestContext.Current.CancellationToken);
        return new StoredDocument(crossbar, probes, scope, client);
    }

    private sealed record StoredDocument(CrossbarEmulator Crossbar, ConcurrentDictionary<string, int> Probes, StorageScope Scope, KazooStorageClient Client) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Crossbar.DisposeAsync();
    }
}
