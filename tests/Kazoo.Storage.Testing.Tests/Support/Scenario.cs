using System.Text.Json.Nodes;

namespace Kazoo.Storage.Testing.Tests.Support;

/// <summary>
/// A started emulator with one child account of the master, and callers logged in as the master (super-duper admin) and
/// as that account (its API key). Disposing stops the emulator.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    public const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string OtherAttachmentId = "403f90f67d1b71341f2ea6426eed3d90";

    private Scenario(CrossbarEmulator emulator)
    {
        Emulator = emulator;
        Account = emulator.AddAccount("Acme Corp");
        Master = new CrossbarCaller(emulator, emulator.IssueToken(emulator.MasterAccountId));
        Caller = new CrossbarCaller(emulator, emulator.IssueToken(Account.Id));
        Anonymous = new CrossbarCaller(emulator);
    }

    public CrossbarEmulator Emulator { get; }

    public EmulatedAccount Account { get; }

    /// <summary>Logged in with the master account's key: the super-duper admin.</summary>
    public CrossbarCaller Master { get; }

    /// <summary>Logged in with <see cref="Account"/>'s API key.</summary>
    public CrossbarCaller Caller { get; }

    /// <summary>No token.</summary>
    public CrossbarCaller Anonymous { get; }

    /// <summary><c>v2/accounts/{Account.Id}/storage</c>.</summary>
    public string AccountStorage => "v2/accounts/" + Account.Id + "/storage";

    public static async Task<Scenario> StartAsync(CrossbarEmulatorOptions? options = null) =>
        new(await CrossbarEmulator.StartAsync(options, TestContext.Current.CancellationToken));

    /// <summary>An S3 attachment entry.</summary>
    public static JsonObject S3Entry(string bucket = "my-bucket") => new()
    {
        ["handler"] = "s3",
        ["name"] = "S3 Storage",
        ["settings"] = new JsonObject { ["bucket"] = bucket, ["key"] = "AKIAEXAMPLE", ["secret"] = "wJalrXUtnFEMI" },
    };

    /// <summary>An HTTP attachment entry without the defaulted settings.</summary>
    public static JsonObject HttpEntry(string url = "http://my.http.server:37635/some_prefix") => new()
    {
        ["handler"] = "http",
        ["name"] = "My HTTP server",
        ["settings"] = new JsonObject { ["url"] = url },
    };

    /// <summary>A storage document with one attachment entry that new voicemails use.</summary>
    public static JsonObject Document(JsonObject entry, string id = AttachmentId) => new()
    {
        ["attachments"] = new JsonObject { [id] = entry },
        ["plan"] = PlanFor(id),
    };

    /// <summary><c>plan.modb.types.mailbox_message.attachments.handler</c> = the attachment id.</summary>
    public static JsonObject PlanFor(string attachmentId) => new()
    {
        ["modb"] = new JsonObject
        {
            ["types"] = new JsonObject
            {
                ["mailbox_message"] = new JsonObject { ["attachments"] = new JsonObject { ["handler"] = attachmentId } },
            },
        },
    };

    public async ValueTask DisposeAsync()
    {
        Master.Dispose();
        Caller.Dispose();
        Anonymous.Dispose();
        await Emulator.DisposeAsync();
    }
}
