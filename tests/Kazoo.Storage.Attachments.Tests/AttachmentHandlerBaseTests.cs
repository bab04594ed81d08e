using Kazoo.Storage.Cli.Hosting;
using Kazoo.Storage.Models;
using Kazoo.Storage.TestSupport;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>
/// <see cref="AttachmentHandler{TBackend}"/>'s template methods: every argument is checked once, before a handler's core
/// runs, and a core that answers with another name than Locate's is caught. And the HTTP handler meets the contract.
/// </summary>
public sealed class AttachmentHandlerBaseTests
{
    private static StorageAttachmentDropbox Dropbox() => new() { Settings = new() { OauthDocId = "d0c" } };

    [Fact]
    public async Task Bad_arguments_never_reach_the_handlers_core()
    {
        var handler = new CoreSpy();
        IAttachmentHandler untyped = handler;
        var located = handler.Locate(Dropbox(), Voicemail());

        await Assert.ThrowsAsync<ArgumentException>(() => untyped.PutAsync(new StorageAttachmentHttp { Settings = new() { Url = "http://x/" } }, Voicemail(), Stream.Null, "audio/mpeg", Cancel));
        await Assert.ThrowsAsync<ArgumentNullException>(() => handler.PutAsync(null!, Voicemail(), Stream.Null, "audio/mpeg", Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => handler.PutAsync(Dropbox(), Voicemail() with { AttachmentName = "" }, Stream.Null, "audio/mpeg", Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => handler.PutAsync(Dropbox(), Voicemail(), Stream.Null, "not a type", Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => handler.PutAsync(Dropbox(), Voicemail(), Stream.Null, "", Cancel));
        await Assert.ThrowsAsync<ArgumentNullException>(() => handler.PutAsync(Dropbox(), Voicemail(), null!, "audio/mpeg", Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => handler.OpenReadAsync(Dropbox(), located with { HandlerKind = "s3" }, Cancel));
        await Assert.ThrowsAsync<ArgumentException>(() => handler.DeleteAsync(Dropbox(), located with { ObjectName = "" }, Cancel));
        var wrongKind = Assert.Throws<ArgumentException>(() => untyped.Locate(new StorageAttachmentHttp { Settings = new() { Url = "http://x/" } }, Voicemail()));

        Assert.Equal(0, handler.CoreCalls);
        Assert.Contains("The 'dropbox' handler serves StorageAttachmentDropbox entries; this entry has handler 'http'", wrongKind.Message);
    }

    [Fact]
    public async Task Good_arguments_reach_the_core_with_the_located_name()
    {
        var handler = new CoreSpy();

        var stored = await handler.PutAsync(Dropbox(), Voicemail(), new MemoryStream([1]), "audio/mpeg; codecs=mp3", Cancel);
        await handler.DeleteAsync(Dropbox(), stored, Cancel);

        Assert.Equal(2, handler.CoreCalls);
        Assert.Equal(AttachmentObjectName.Build(Dropbox(), Voicemail()), handler.LastObjectName);
        Assert.Equal("metadata from LocateCore", stored.Metadata["note"]);
    }

    [Fact]
    public async Task A_core_that_answers_with_another_name_or_a_located_backend_id_breaks_the_contract_loudly()
    {
        var renaming = new CoreSpy { PutAnswer = located => located with { ObjectName = "elsewhere" } };
        var identified = new CoreSpy { LocateAnswer = located => located with { BackendId = "id-before-put" } };

        var put = await Assert.ThrowsAsync<InvalidOperationException>(() => renaming.PutAsync(Dropbox(), Voicemail(), new MemoryStream([1]), "audio/mpeg", Cancel));
        var locate = Assert.Throws<InvalidOperationException>(() => identified.Locate(Dropbox(), Voicemail()));

        Assert.Contains("must answer with its kind and the located object name", put.Message);
        Assert.Contains("without a backend id", locate.Message);
    }

    [Fact]
    public async Task The_http_handler_meets_the_contract()
    {
        await using var backend = await LoopbackFileBackend.StartAsync(Cancel);
        var entry = HttpBackend(new Uri(backend.BaseAddress, "contract").ToString());

        await AttachmentHandlerContract.VerifyAsync(Handler(), entry, "contract.mp3", Cancel);
    }

    /// <summary>A handler whose core only counts its calls.</summary>
    private sealed class CoreSpy : AttachmentHandler<StorageAttachmentDropbox>
    {
        public int CoreCalls { get; private set; }

        public string? LastObjectName { get; private set; }

        public Func<StoredAttachment, StoredAttachment> PutAnswer { get; init; } = located => located;

        public Func<StoredAttachment, StoredAttachment> LocateAnswer { get; init; } =
            located => located with { Metadata = new Dictionary<string, string> { ["note"] = "metadata from LocateCore" } };

        public override string Kind => "dropbox";

        protected override StoredAttachment LocateCore(StorageAttachmentDropbox backend, AttachmentLocation location, StoredAttachment located) => LocateAnswer(located);

        protected override Task<StoredAttachment> PutCoreAsync(StorageAttachmentDropbox backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
        {
            CoreCalls++;
            LastObjectName = located.ObjectName;
            return Task.FromResult(PutAnswer(located));
        }

        protected override Task<Stream> OpenReadCoreAsync(StorageAttachmentDropbox backend, StoredAttachment stored, CancellationToken cancellationToken)
        {
            CoreCalls++;
            return Task.FromResult(Stream.Null);
        }

        protected override Task DeleteCoreAsync(StorageAttachmentDropbox backend, StoredAttachment stored, CancellationToken cancellationToken)
        {
            CoreCalls++;
            return Task.CompletedTask;
        }
    }
}
