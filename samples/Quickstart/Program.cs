// Stores an account's voicemails in an S3 bucket: adds an S3 backend to the account's storage document, points the
// plan for voicemails (modb database, mailbox_message documents) at it, and prints the plan Kazoo now holds.
//
//   export KAZOO_API_KEY=… AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…
//   dotnet run --project samples/Quickstart -- https://kazoo.example.com:8443/ <account id> <bucket>
using System.Text.Json;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;

if (args is not [var crossbarUrl, var accountId, var bucket])
{
    Console.Error.WriteLine("usage: Quickstart <crossbar url> <account id> <bucket>");
    return 2;
}

// Secrets come from the environment, never from the command line (other users of the machine can see command lines).
string[] variables = ["KAZOO_API_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"];
if (variables.Where(v => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(v))).ToArray() is [_, ..] missing)
{
    Console.Error.WriteLine($"Set the environment variable{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing)}.");
    return 2;
}

if (!Uri.TryCreate(crossbarUrl, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
{
    Console.Error.WriteLine($"Not an http or https URL: {crossbarUrl}");
    return 2;
}

if (!KazooId.IsValid(accountId))
{
    Console.Error.WriteLine($"Not a Kazoo account id (32 lowercase letters and digits): {accountId}");
    return 2;
}

using var client = new KazooStorageClient(endpoint, CrossbarCredentials.FromApiKey(Secret("KAZOO_API_KEY")));
var account = StorageScope.Account(accountId);

var s3 = Guid.NewGuid().ToString("N"); // backends are keyed by 32 lowercase letters and digits
var storage = new StorageDocument
{
    Attachments = new Dictionary<string, StorageAttachmentsEntry>
    {
        [s3] = new StorageAttachmentAws
        {
            Name = "Voicemails",
            Settings = new() { Bucket = bucket, Key = Secret("AWS_ACCESS_KEY_ID"), Secret = Secret("AWS_SECRET_ACCESS_KEY") },
        },
    },
    Plan = new StoragePlan
    {
        Modb = new() { Types = new() { MailboxMessage = new() { Attachments = new() { Handler = s3 } } } },
    },
};

try
{
    // Validated here first, then creates the account's storage document or replaces the one it has.
    await client.CreateOrReplaceAsync(account, storage);

    var stored = (await client.GetAsync(account)).Value;
    Console.WriteLine(JsonSerializer.Serialize(stored.Plan, KazooStorageJson.CreateOptions(writeIndented: true)));
    return 0;
}
catch (CrossbarException e)
{
    Console.Error.WriteLine(e.Message); // Kazoo's answer or the local validation errors; secrets never appear
    return 1;
}

static string Secret(string variable) => Environment.GetEnvironmentVariable(variable)!; // checked at the start
