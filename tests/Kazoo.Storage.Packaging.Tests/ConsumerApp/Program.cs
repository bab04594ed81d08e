// Uses the packed SDK as a customer would: (a) the client against the Crossbar emulator, (b) types generated from a
// schema of this project's own (and a validator without types from another), (c) the attachment handler packages and the store, registered with DI (no network). Prints one "key: value" line per fact; the test reads them.
using System.Text.Json;
using Acme.Models;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Azure;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Dropbox;
using Kazoo.Storage.GoogleStorage;
using Kazoo.Storage.Models;
using Kazoo.Storage.OneDrive;
using Kazoo.Storage.Plans;
using Kazoo.Storage.Testing;
using Microsoft.Extensions.DependencyInjection;

// (a) Create a storage document through the client and read it back.
await using (var crossbar = await CrossbarEmulator.StartAsync())
{
    var account = crossbar.AddAccount("Consumer");
    var client = new KazooStorageClient(crossbar.BaseAddress, CrossbarCredentials.FromApiKey(account.ApiKey));
    var scope = StorageScope.Account(account.Id);
    const string backendId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";

    await client.CreateAsync(scope, new StorageDocument
    {
        Attachments = new Dictionary<string, StorageAttachmentsEntry>
        {
            [backendId] = new StorageAttachmentHttp { Settings = new() { Url = "https://files.example.com/vm" } },
        },
        Plan = new StoragePlan
        {
            Modb = new() { Types = new() { MailboxMessage = new() { Attachments = new() { Handler = backendId } } } },
        },
    });

    var stored = (await client.GetAsync(scope)).Value;
    var backend = (StorageAttachmentHttp)stored.Attachments![backendId];
    Console.WriteLine($"storage backend: {backend.Handler} {backend.Settings.Url}");
    Console.WriteLine($"storage plan handler: {stored.Plan?.Modb?.Types?.MailboxMessage?.Attachments?.Handler}");
    Console.WriteLine($"storage signed: {backend.ExtensionData.ContainsKey("_sig")}");
}

// (b) The type generated from schemas/acme.widget.json, named Widget by its TypeName metadata.
var widget = new Widget { Name = "sprocket", Size = 3, Color = WidgetColor.Red, Password = "hunter2-secret" };
var json = JsonSerializer.Serialize(widget, AcmeJson.Options);
Console.WriteLine($"widget json: {json}");
Console.WriteLine($"widget round trip: {JsonSerializer.Deserialize<Widget>(json, AcmeJson.Options) == widget}");
Console.WriteLine($"widget text: {widget}");
Console.WriteLine($"widget valid: {widget.Validate().IsValid}");
foreach (var error in Widget.Validate("""{"name":"x","size":0,"color":"blue"}"""u8))
{
    Console.WriteLine($"widget error: {error.Path} {error.Code}");
}

// (b') validator-only/acme.gadget.json has GenerateTypes="false": its validator, and no type.
Console.WriteLine($"gadget type: {typeof(Widget).Assembly.GetType("Acme.Models.AcmeGadget") is not null}");
Console.WriteLine($"gadget valid: {AcmeJson.Schemas.Validator("acme.gadget").Validate("""{"serial":"AB1234"}"""u8).IsValid}");
foreach (var error in AcmeJson.Schemas.Validator("acme.gadget").Validate("""{"serial":"ab12"}"""u8))
{
    Console.WriteLine($"gadget error: {error.Path} {error.Code}");
}

// (c) Each handler package registered as an application registers it, with the OAuth tokens its backends name and the
// store that picks a handler by the backend's kind. Locate says where a voicemail would go, without any request.
var services = new ServiceCollection();
const string oauthDocId = "6c0d9e8f7a6b4c5d8e9f0a1b2c3d4e5f";
services.AddKazooOAuthTokens(tokens => tokens.AddAccessToken(oauthDocId, "consumer-access-token"));
services.AddKazooHttpAttachmentHandler();
services.AddKazooAzureAttachmentHandler(options => options.BlockSize = AzureAttachmentHandlerOptions.DefaultBlockSize);
services.AddKazooGoogleStorageAttachmentHandler(options => options.ChunkSize = 4 * GoogleStorageAttachmentHandlerOptions.ChunkGranularity);
services.AddKazooDropboxAttachmentHandler(options => options.OverwriteExisting = false);
services.AddKazooOneDriveAttachmentHandler(options => options.ChunkSize = OneDriveAttachmentHandlerOptions.ChunkGranularity);
services.AddKazooAttachmentStore();
await using (var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }))
{
    var store = provider.GetRequiredService<AttachmentStore>();
    Console.WriteLine($"store kinds: {string.Join(' ', store.Handlers.Kinds.Order(StringComparer.Ordinal))}");

    const string accountId = "4a5b6c7d8e9f40a1b2c3d4e5f6a7b8c9";
    var voicemail = new AttachmentLocation(KazooDatabaseName.Modb(accountId, 2024, 1), "202401-0f1e2d3c4b5a69788796a5b4c3d2e1f0", "message.mp3")
    {
        DocumentType = "mailbox_message",
    };
    StorageAttachmentsEntry[] backends =
    [
        new StorageAttachmentAzure { Settings = new() { Account = "acmevoicemail", Container = "voicemail", Key = "YWNtZS1rZXk=" } },
        new StorageAttachmentGoogleStorage { Settings = new StorageAttachmentGoogleStorageSettings { OauthDocId = oauthDocId }.WithBucket("kazoo-voicemail") },
        new StorageAttachmentDropbox { Settings = new() { OauthDocId = oauthDocId, FolderBasePath = "kazoo" } },
        new StorageAttachmentOnedrive { Settings = new() { OauthDocId = oauthDocId, FolderBasePath = "kazoo" } },
    ];
    foreach (var entry in backends)
    {
        const string backendId = "9e8d7c6b5a4f43e2a1b0c9d8e7f6a5b4";
        var account = new StorageDocument
        {
            Attachments = new Dictionary<string, StorageAttachmentsEntry> { [backendId] = entry },
            Plan = new StoragePlan
            {
                Modb = new() { Types = new() { MailboxMessage = new() { Attachments = new() { Handler = backendId } } } },
            },
        };
        var placement = store.Locate(new StoragePlanInputs { Account = account }, voicemail);
        Console.WriteLine($"placement: {placement.HandlerKind} {placement.Handler.GetType().FullName} {placement.ObjectName}");
    }
}
