// Loads a Kazoo storage document, routes call recordings to a new HTTP backend, and writes the document back.
// Usage: dotnet run --project samples/StoragePlanEditor [-- <storage.json> [<recordings url>]]
// Without arguments it uses an embedded example (Kazoo's GET /v2/accounts/{ACCOUNT_ID}/storage data).
using System.Text.Json;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;
using StoragePlanEditor;

var source = args.Length > 0 ? args[0] : null;
var url = args.Length > 1 ? args[1] : "https://recordings.example.com/kazoo";

string json;
if (source is null)
{
    await using var stream = typeof(RecordingRoute).Assembly.GetManifestResourceStream("default-storage.json")
        ?? throw new InvalidOperationException("The embedded example document is missing.");
    using var reader = new StreamReader(stream);
    json = await reader.ReadToEndAsync();
}
else
{
    json = await File.ReadAllTextAsync(source);
}

StorageDocument document;
try
{
    document = JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options)
        ?? throw new JsonException("The document is JSON null.");
}
catch (JsonException error)
{
    Console.Error.WriteLine($"Not a storage document: {error.Message}");
    return 2;
}

var backendId = Guid.NewGuid().ToString("N");
var changed = RecordingRoute.SendRecordingsTo(document, url, backendId);

Console.Error.WriteLine($"Read {document.Attachments?.Count ?? 0} attachment backend(s) from {source ?? "the embedded example"}.");
Console.Error.WriteLine($"Added HTTP backend {backendId} for call recordings -> {SecretMask.MaskText(url)}");
Console.Error.WriteLine($"As the SDK prints it (secrets masked): {changed.Attachments![backendId]}");
Console.WriteLine(JsonSerializer.Serialize(changed, KazooStorageJson.CreateOptions(writeIndented: true)));
return 0;
