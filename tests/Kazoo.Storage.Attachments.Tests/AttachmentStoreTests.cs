using System.Security.Cryptography;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Cli.Hosting;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Plans;
using Kazoo.Storage.Testing;
using Kazoo.Storage.TestSupport;
using Kazoo.Storage.Validation;
using Microsoft.Extensions.DependencyInjection;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>
/// The store: the plan picks the backend, the registered handler for its kind stores, opens and deletes the file under
/// Kazoo's object name; no backend or no handler is an exception that says why, before any I/O.
/// </summary>
public sealed class AttachmentStoreTests : IAsyncLifetime
{
    private const string HttpId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    private const string S3Id = "1a2b3c4d5e6f708192a3b4c5d6e7f809";
    private const string OwnerHttpId = "2b3c4d5e6f708192a3b4c5d6e7f8091a";
    private LoopbackFileBackend _backend = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _backend = await LoopbackFileBackend.StartAsync(Cancel);
        _http = new HttpClient(HttpAttachmentHandler.CreateTransport()) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _backend.DisposeAsync();
    }

    private string Url(string path = "voicemails") => new Uri(_backend.BaseAddress, path).ToString();

    private AttachmentStore Store() => new([new HttpAttachmentHandler(_http)]);

    /// <summary>An account document: voicemails to an http backend, recordings to an S3 one, faxes kept in CouchDB.</summary>
    private StorageDocument AccountDocument() => new()
    {
        Attachments = new Dictionary<string, StorageAttachmentsEntry>
        {
            [HttpId] = new StorageAttachmentHttp { Name = "archive", Settings = new() { Url = Url() } },
            [S3Id] = new StorageAttachmentAws { Name = "recordings", Settings = new() { Bucket = "recordings", Key = "AKIDEXAMPLE", Secret = "s3-secret-never-printed" } },
        },
        Plan = new StoragePlan
        {
            Modb = new StoragePlanDatabase
            {
                Types = new StoragePlanDatabaseTypes
                {
                    MailboxMessage = new StoragePlanDatabaseDocument { Attachments = new StoragePlanDatabaseAttachment { Handler = HttpId } },
                    CallRecording = new StoragePlanDatabaseDocument { Attachments = new StoragePlanDatabaseAttachment { Handler = S3Id } },
                },
            },
        },
    };

    private StoragePlanInputs Documents() => new() { Account = AccountDocument() };

    private static AttachmentLocation VoicemailOf(string type = "mailbox_message") => Voicemail() with { DocumentType = type };

    [Fact]
    public async Task Put_open_and_delete_go_where_the_plan_says_under_Kazoos_object_name()
    {
        var store = Store();
        var voicemail = VoicemailOf();

        var put = await store.PutAsync(Documents(), voicemail, new GeneratedStream(200_000, seed: 3), "audio/mpeg", Cancel);

        Assert.Equal("http", put.HandlerKind);
        Assert.Equal(HttpId, put.HandlerId);
        Assert.Equal($"{AccountId}/{OwnerId}/{DocumentId}/message.mp3", put.ObjectName);
        Assert.Equal(200_000, put.Bytes);
        Assert.Equal(Url() + "/" + put.ObjectName, put.Attachment.BackendId);
        Assert.Equal(StorageTargetKind.External, put.Target.Kind);
        Assert.Equal(1, _backend.FileCount);

        await using (var read = await store.OpenReadAsync(Documents(), voicemail, Cancel))
        {
            Assert.Equal(put.ObjectName, read.Placement.ObjectName);
            Assert.Equal(GeneratedStream.Sha256(200_000, seed: 3), await SHA256.HashDataAsync(read.Content, Cancel));
        }

        var deleted = await store.DeleteAsync(Documents(), voicemail, Cancel);
        Assert.Equal(put.ObjectName, deleted.ObjectName);
        Assert.Equal(0, _backend.FileCount);
        var gone = await Assert.ThrowsAsync<AttachmentHandlerException>(() => store.OpenReadAsync(Documents(), voicemail, Cancel));
        Assert.Equal(404, gone.ErrorCode);
    }

    [Fact]
    public async Task Locate_says_where_without_touching_the_backend()
    {
        await using var counting = await LoopbackServer.StartAsync(_ => throw new InvalidOperationException("no request expected"), cancellationToken: Cancel);
        var documents = new StoragePlanInputs
        {
            Account = AccountDocument() with
            {
                Attachments = new Dictionary<string, StorageAttachmentsEntry> { [HttpId] = new StorageAttachmentHttp { Settings = new() { Url = counting.BaseAddress + "vm" } } },
            },
        };

        var placement = Store().Locate(documents, VoicemailOf());

        Assert.Equal($"{AccountId}/{OwnerId}/{DocumentId}/message.mp3", placement.ObjectName);
        Assert.Equal("http", placement.HandlerKind);
        Assert.Equal(HttpId, placement.HandlerId);
        Assert.Null(placement.Attachment.BackendId);
        Assert.Null(placement.Bytes);
        Assert.IsType<StorageAttachmentHttp>(placement.Backend);
        Assert.Equal($"http {HttpId}: {placement.ObjectName}", placement.ToString());
    }

    [Fact]
    public async Task A_plan_without_a_handler_keeps_the_file_in_CouchDB_and_the_store_says_so_before_any_request()
    {
        var store = Store();

        var fax = Assert.Throws<AttachmentStoreException>(() => store.Locate(Documents(), VoicemailOf("fax")));
        var systemData = await Assert.ThrowsAsync<AttachmentStoreException>(() => store.PutAsync(Documents(), new AttachmentLocation("system_data", DocumentId, "x.txt"), Stream.Null, "text/plain", Cancel));

        Assert.Equal(AttachmentStoreFailure.StoredInCouchDb, fax.Failure);
        Assert.Equal(StorageTargetKind.CouchDb, fax.Target.Kind);
        Assert.Contains("fax attachments of database " + Voicemail().Database, fax.Message);
        Assert.Contains("in CouchDB (connection 'local')", fax.Message);
        Assert.Equal(AttachmentStoreFailure.StoredInCouchDb, systemData.Failure);
        // The resolver's note says why this database never uses a handler.
        Assert.Contains("ignores storage plans", systemData.Message);
        Assert.Equal(0, _backend.FileCount);
    }

    [Fact]
    public void A_plan_Kazoo_cannot_use_is_no_target_with_the_resolvers_reason()
    {
        var documents = new StoragePlanInputs
        {
            Account = new StorageDocument
            {
                Plan = new StoragePlan { Modb = new() { Types = new() { MailboxMessage = new() { Attachments = new() { Handler = "ffffffffffffffffffffffffffffffff" } } } } },
            },
        };

        var failure = Assert.Throws<AttachmentStoreException>(() => Store().Locate(documents, VoicemailOf()));

        Assert.Equal(AttachmentStoreFailure.NoTarget, failure.Failure);
        Assert.StartsWith("Kazoo finds no storage target for mailbox_message attachments of database " + Voicemail().Database + ": ", failure.Message);
        Assert.Contains(failure.Target.Reason!, failure.Message);
    }

    [Fact]
    public void A_backend_kind_without_a_handler_names_the_kind_the_backend_and_the_registered_kinds_but_no_secret()
    {
        var failure = Assert.Throws<AttachmentStoreException>(() => Store().Locate(Documents(), VoicemailOf("call_recording")));

        Assert.Equal(AttachmentStoreFailure.NoHandler, failure.Failure);
        Assert.Equal(["http"], failure.RegisteredKinds);
        Assert.Contains($"to backend {S3Id} of kind 's3', but no handler for 's3' is registered (registered: http)", failure.Message);
        Assert.DoesNotContain("s3-secret-never-printed", failure.ToString());
        Assert.DoesNotContain("AKIDEXAMPLE", failure.ToString());
    }

    [Fact]
    public async Task The_owners_document_refines_the_plan_when_the_attachment_names_its_owner()
    {
        await using var ownerBackend = await LoopbackFileBackend.StartAsync(Cancel);
        var documents = Documents() with
        {
            Owner = new StorageDocument
            {
                Attachments = new Dictionary<string, StorageAttachmentsEntry>
                {
                    [OwnerHttpId] = new StorageAttachmentHttp { Settings = new() { Url = new Uri(ownerBackend.BaseAddress, "mine").ToString() } },
                },
                Plan = new StoragePlan { Modb = new() { Types = new() { MailboxMessage = new() { Attachments = new() { Handler = OwnerHttpId } } } } },
            },
            OwnerAccountId = AccountId,
        };

        var account = await Store().PutAsync(documents, VoicemailOf(), new MemoryStream([1, 2, 3]), "audio/mpeg", Cancel);
        var owner = await Store().PutAsync(documents, VoicemailOf() with { OwnerId = OwnerId }, new MemoryStream([4, 5, 6]), "audio/mpeg", Cancel);

        Assert.Equal(HttpId, account.HandlerId);
        Assert.Equal(OwnerHttpId, owner.HandlerId);
        Assert.Equal(PlanScope.Owner, owner.Target.Scope);
        Assert.Equal(1, _backend.FileCount);
        Assert.Equal(1, ownerBackend.FileCount);
    }

    [Fact]
    public async Task Dependency_injection_gives_a_store_over_every_handler_registered_before_or_after_it()
    {
        var services = new ServiceCollection();
        services.AddKazooAttachmentStore();
        services.AddKazooHttpAttachmentHandler();
        services.AddSingleton<IAttachmentHandler>(new RecordingHandler("dropbox"));
        services.AddKazooAttachmentStore();
        await using var provider = services.BuildServiceProvider();

        var store = provider.GetRequiredService<AttachmentStore>();

        Assert.Same(store, provider.GetRequiredService<AttachmentStore>());
        Assert.Equal(["dropbox", "http"], store.Handlers.Kinds);
        var put = await store.PutAsync(Documents(), VoicemailOf(), new MemoryStream([1, 2, 3]), "audio/mpeg", Cancel);
        Assert.Same(provider.GetRequiredService<HttpAttachmentHandler>(), put.Handler);
    }

    [Fact]
    public async Task Through_a_client_the_store_reads_the_system_account_and_owner_documents_itself()
    {
        var loopback = ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] };
        await using var crossbar = await CrossbarEmulator.StartAsync(new CrossbarEmulatorOptions { Validation = loopback }, Cancel);
        var acme = crossbar.AddAccount("Acme");
        using var master = new KazooStorageClient(crossbar.BaseAddress, CrossbarCredentials.FromApiKey(crossbar.MasterApiKey), new KazooStorageClientOptions { Validation = loopback });
        await master.CreateAsync(StorageScope.Account(acme.Id), AccountDocument(), Cancel);
        var voicemail = new AttachmentLocation(KazooDatabaseName.Modb(acme.Id, 2024, 1), DocumentId, "message.mp3") { DocumentType = "mailbox_message", AccountId = acme.Id };

        var put = await Store().PutAsync(master, voicemail, new MemoryStream([1, 2, 3, 4]), "audio/mpeg", Cancel);
        var located = await Store().LocateAsync(master, voicemail, Cancel);
        await using (var read = await Store().OpenReadAsync(master, voicemail, Cancel))
        {
            using var copy = new MemoryStream();
            await read.Content.CopyToAsync(copy, Cancel);
            Assert.Equal([1, 2, 3, 4], copy.ToArray());
        }

        await Store().DeleteAsync(master, voicemail, Cancel);

        Assert.Equal($"{acme.Id}/{DocumentId}/message.mp3", put.ObjectName);
        Assert.Equal(put.ObjectName, located.ObjectName);
        Assert.Equal(PlanScope.Account, put.Target.Scope);
        Assert.Equal(0, _backend.FileCount);
    }

    [Fact]
    public async Task An_accounts_own_credentials_cannot_read_the_system_document_so_they_read_the_rest_without_it()
    {
        var loopback = ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] };
        await using var crossbar = await CrossbarEmulator.StartAsync(new CrossbarEmulatorOptions { Validation = loopback }, Cancel);
        var acme = crossbar.AddAccount("Acme");
        using var client = new KazooStorageClient(crossbar.BaseAddress, CrossbarCredentials.FromApiKey(acme.ApiKey), new KazooStorageClientOptions { Validation = loopback });
        await client.CreateAsync(StorageScope.Account(acme.Id), AccountDocument(), Cancel);
        var voicemail = new AttachmentLocation(KazooDatabaseName.Modb(acme.Id, 2024, 1), DocumentId, "message.mp3") { DocumentType = "mailbox_message" };

        var refused = await Assert.ThrowsAsync<CrossbarException>(() => Store().LocateAsync(client, voicemail, Cancel));
        var documents = await client.GetPlanInputsAsync(acme.Id, includeSystem: false, cancellationToken: Cancel);

        Assert.Equal(CrossbarErrorKind.Forbidden, refused.Kind);
        Assert.Null(documents.System);
        Assert.NotNull(documents.Account);
        Assert.Equal(HttpId, Store().Locate(documents, voicemail).HandlerId);
    }

    [Fact]
    public async Task Reading_the_plans_documents_leaves_out_scopes_that_have_none()
    {
        await using var crossbar = await CrossbarEmulator.StartAsync(cancellationToken: Cancel);
        var acme = crossbar.AddAccount("Acme");
        using var master = new KazooStorageClient(crossbar.BaseAddress, CrossbarCredentials.FromApiKey(crossbar.MasterApiKey));

        var documents = await master.GetPlanInputsAsync(acme.Id, OwnerId, cancellationToken: Cancel);

        Assert.Null(documents.System);
        Assert.Null(documents.Account);
        Assert.Null(documents.Owner);
        Assert.Equal(acme.Id, documents.OwnerAccountId);
        await Assert.ThrowsAsync<ArgumentException>(() => master.GetPlanInputsAsync(null, OwnerId, cancellationToken: Cancel));
    }

    [Fact]
    public void The_last_handler_registered_for_a_kind_that_can_serve_the_entry_wins()
    {
        var first = new RecordingHandler("dropbox");
        var second = new RecordingHandler("dropbox");
        var picky = new RecordingHandler("dropbox", canHandle: false);
        var set = new AttachmentHandlerSet([first, second, picky, new RecordingHandler("azure")]);
        var dropbox = new StorageAttachmentDropbox { Settings = new() { OauthDocId = "x" } };

        Assert.Same(second, set.Find(dropbox));
        Assert.Null(set.Find(new StorageAttachmentHttp { Settings = new() { Url = "http://x/" } }));
        Assert.Equal(["azure", "dropbox"], set.Kinds);
        Assert.Equal("azure, dropbox", set.ToString());
        Assert.Equal("(none)", new AttachmentHandlerSet([]).ToString());
        Assert.Throws<ArgumentException>(() => new AttachmentHandlerSet([first, null!]));
    }

    /// <summary>A handler that serves one kind of <see cref="StorageAttachmentDropbox"/> entries and stores nothing.</summary>
    private sealed class RecordingHandler(string kind, bool canHandle = true) : IAttachmentHandler
    {
        public string Kind => kind;

        public bool CanHandle(StorageAttachmentsEntry backend) => canHandle && backend is StorageAttachmentDropbox;

        public StoredAttachment Locate(StorageAttachmentsEntry backend, AttachmentLocation location) => new(kind, AttachmentObjectName.Build(backend, location));

        public Task<StoredAttachment> PutAsync(StorageAttachmentsEntry backend, AttachmentLocation location, Stream content, string contentType, CancellationToken cancellationToken = default) =>
            Task.FromResult(Locate(backend, location));

        public Task<Stream> OpenReadAsync(StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken = default) =>
            Task.FromResult(Stream.Null);

        public Task DeleteAsync(StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
