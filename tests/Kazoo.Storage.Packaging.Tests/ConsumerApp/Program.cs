// Uses the packed SDK as a customer would: (a) the client against the Crossbar emulator, (b) types generated from a
// schema of this project's own. Prints one "key: value" line per fact; the test reads them.
using System.Text.Json;
using Acme.Models;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing;

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

// (b) The type generated from schemas/acme.widget.json.
var widget = new AcmeWidget { Name = "sprocket", Size = 3, Color = AcmeWidgetColor.Red, Password = "hunter2-secret" };
var json = JsonSerializer.Serialize(widget, AcmeJson.Options);
Console.WriteLine($"widget json: {json}");
Console.WriteLine($"widget round trip: {JsonSerializer.Deserialize<AcmeWidget>(json, AcmeJson.Options) == widget}");
Console.WriteLine($"widget text: {widget}");
Console.WriteLine($"widget valid: {widget.Validate().IsValid}");
foreach (var error in AcmeWidget.Validate("""{"name":"x","size":0,"color":"blue"}"""u8))
{
    Console.WriteLine($"widget error: {error.Path} {error.Code}");
}
