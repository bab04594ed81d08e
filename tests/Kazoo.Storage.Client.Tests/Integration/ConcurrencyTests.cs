using System.Text.Json;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Integration;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Fifty_parallel_read_modify_write_updates_lose_nothing()
    {
        await using var crossbar = await Emulator.StartAsync();
        var probes = Emulator.CountHttpProbes(crossbar);
        var client = Emulator.Client(crossbar);
        var account = crossbar.AddAccount("acme");
        var scope = StorageScope.Account(account.Id);
        var ct = TestContext.Current.CancellationToken;
        var first = TestDocuments.NewId();
        await client.CreateAsync(scope, TestDocuments.WithAttachment(first, TestDocuments.Http()), ct);
        var added = Enumerable.Range(0, 50).Select(_ => TestDocuments.NewId()).ToList();

        await Task.WhenAll(added.Select((id, i) => Task.Run(
            () => client.UpdateAsync(scope, d => TestDocuments.AddAttachment(d, id, TestDocuments.Http("https://files.example.com/" + i)), ct), ct)));

        var final = await client.GetAsync(scope, ct);
        Assert.Equal(51, final.Value.Attachments!.Count);
        Assert.All(added, id => Assert.True(final.Value.Attachments.ContainsKey(id)));
        // Every entry was probed exactly once: the _sigs of the entries already there always went back unchanged.
        Assert.All(probes.Values, n => Assert.Equal(1, n));
        Assert.Equal(51, probes.Count);
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
            await client.CreateAsync(scope, new StorageDocument { UiMetadata = JsonDocument.Parse("""{"n":0}""").RootElement }, ct);
        }

        await Task.WhenAll(scopes.SelectMany(scope => Enumerable.Range(0, 10).Select(_ => client.UpdateAsync(scope, d => d with
        {
            UiMetadata = JsonDocument.Parse("{\"n\":" + (d.UiMetadata!.Value.GetProperty("n").GetInt32() + 1) + "}").RootElement,
        }, ct))));

        foreach (var scope in scopes)
        {
            Assert.Equal(10, (await client.GetAsync(scope, ct)).Value.UiMetadata!.Value.GetProperty("n").GetInt32());
        }
    }
}
