using System.Globalization;
using System.Security.Cryptography;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Cli.Hosting;
using Kazoo.Storage.Cli.Rendering;
using Kazoo.Storage.Plans;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// <c>demo</c>: the whole SDK in one run, on this machine only. Starts the Crossbar emulator and a loopback HTTP attachment
/// backend, logs in with an API key, creates a storage plan that sends voicemails to that backend (Kazoo's settings probe
/// tests it for real), stores a voicemail where the plan says through the SDK's attachment store, reads it back, checks
/// it byte for byte, and stops everything. Exit 0 when the round trip is exact.
/// </summary>
internal static class DemoCommand
{
    /// <summary>The attachment name the voicemail is stored under.</summary>
    public const string AttachmentName = "voicemail.wav";

    /// <summary>Two seconds of 8 kHz 16-bit audio plus the WAV header.</summary>
    private const long DefaultSize = GeneratedVoicemail.HeaderLength + (2 * 8000 * 2);

    public static Command Create(CliContext context)
    {
        var size = CliOptions.Value("--size", "The voicemail's size, e.g. 200MiB (default 32KiB); above 1 MiB a terminal shows progress bars.", "BYTES");
        var command = new Command("demo", "Run a storage plan end to end on this machine: emulator, backend, plan, voicemail stored and read back.") { size };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var bytes = ParseSize(parse.GetValue(size));
            try
            {
                return await RunAsync(context.Console, bytes, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is CrossbarException or AttachmentHandlerException or AttachmentStoreException && !cancellationToken.IsCancellationRequested)
            {
                // Everything runs in this process, so this is a bug rather than a network problem; say what failed.
                throw new CliException("The demo failed: " + ExceptionText.WithCauses(ex), ExitCodes.Failure, innerException: ex);
            }
        });
        return command;
    }

    /// <summary>Parses <c>123</c>, <c>64KiB</c>, <c>5MiB</c>, <c>1GiB</c> (also KB/MB/GB, meaning the same powers of 1024).</summary>
    /// <exception cref="CliException">Not a size, or out of range.</exception>
    internal static long ParseSize(string? text)
    {
        if (text is null)
        {
            return DefaultSize;
        }

        var trimmed = text.Trim();
        var units = new (string Suffix, long Factor)[] { ("GiB", 1L << 30), ("GB", 1L << 30), ("MiB", 1L << 20), ("MB", 1L << 20), ("KiB", 1L << 10), ("KB", 1L << 10), ("B", 1) };
        var factor = 1L;
        foreach (var (suffix, value) in units)
        {
            if (trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                factor = value;
                trimmed = trimmed[..^suffix.Length].Trim();
                break;
            }
        }

        const long Max = 4L << 30;
        if (!long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > Max / factor
            || number * factor < GeneratedVoicemail.HeaderLength + 2 || number * factor >= Max)
        {
            throw new CliException($"--size must be a size from 46 bytes to under 4GiB, such as 32KiB or 200MiB (got '{text}').");
        }

        return number * factor;
    }

    private static async Task<int> RunAsync(CliConsole console, long size, CancellationToken cancellationToken)
    {
        var output = console.Out;
        output.MarkupLine("[bold]Kazoo storage demo[/] [grey]— all on this machine: no credentials, no internet.[/]");

        // A Kazoo admin can allow loopback URLs for http backends; the demo's backend is on 127.0.0.1.
        var loopbackAllowed = ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] };
        await using var backend = await LoopbackFileBackend.StartAsync(cancellationToken).ConfigureAwait(false);
        await using var crossbar = await CrossbarEmulator.StartAsync(new CrossbarEmulatorOptions { Validation = loopbackAllowed }, cancellationToken).ConfigureAwait(false);
        using var http = new HttpClient(HttpAttachmentHandler.CreateTransport()) { Timeout = Timeout.InfiniteTimeSpan };
        var handler = new HttpAttachmentHandler(http);
        crossbar.RegisterProbe(handler); // Kazoo's settings probe writes and reads a test file through the real handler.
        var account = crossbar.AddAccount("Demo Voicemail Co");
        var backendUrl = new Uri(backend.BaseAddress, "voicemails");
        Step(output, "Crossbar emulator", crossbar.BaseAddress.ToString());
        Step(output, "HTTP storage backend", backendUrl.ToString());

        using var client = new KazooStorageClient(
            crossbar.BaseAddress,
            CrossbarCredentials.FromApiKey(account.ApiKey),
            new KazooStorageClientOptions { Validation = loopbackAllowed with { Mode = ValidationMode.Precise } });
        var scope = StorageScope.Account(account.Id);
        var backendId = Guid.NewGuid().ToString("N");
        var plan = new StorageDocument
        {
            Attachments = new Dictionary<string, StorageAttachmentsEntry>
            {
                [backendId] = new StorageAttachmentHttp
                {
                    Name = "Voicemail archive",
                    Settings = new StorageAttachmentHttpSettings { Url = backendUrl.ToString(), Verb = StorageAttachmentHttpSettingsVerb.Put },
                },
            },
            Plan = new StoragePlan
            {
                Modb = new StoragePlanDatabase
                {
                    Types = new StoragePlanDatabaseTypes
                    {
                        MailboxMessage = new StoragePlanDatabaseDocument { Attachments = new StoragePlanDatabaseAttachment { Handler = backendId } },
                    },
                },
            },
        };
        await client.CreateAsync(scope, plan, cancellationToken).ConfigureAwait(false);
        var stored = (await client.GetAsync(scope, cancellationToken).ConfigureAwait(false)).Value;
        Step(output, "Logged in", $"account \"{account.Name}\", with its API key");
        if (stored.Attachments?.GetValueOrDefault(backendId)?.ExtensionData.ContainsKey("_sig") != true)
        {
            console.Error("The stored plan has no _sig: Kazoo's settings probe did not run.");
            return ExitCodes.Failure;
        }

        Step(output, "Storage plan created", "Kazoo's settings probe tested the backend");
        output.Write(StorageDocumentView.PlanTree(stored, $"[bold]storage plan[/] [grey]of account {Markup.Escape(account.Id)}[/]"));

        // Where Kazoo puts this month's voicemails: the store resolves the plan and stores through the handler it names.
        var now = DateTimeOffset.UtcNow;
        var database = KazooDatabaseName.Modb(account.Id, now.Year, now.Month);
        var store = new AttachmentStore([handler]);
        var documents = new StoragePlanInputs { Account = stored };
        var messageId = Guid.NewGuid().ToString("N");
        var location = new AttachmentLocation(database, messageId, AttachmentName)
        {
            DocumentType = "mailbox_message",
            Document = JsonSerializer.SerializeToElement(new Dictionary<string, object>
            {
                ["_id"] = messageId,
                ["name"] = "Message from +1 415 555 0100",
                ["caller_id_number"] = "+14155550100",
                ["media_type"] = "wav",
                ["pvt_type"] = "mailbox_message",
                ["pvt_account_id"] = account.Id,
            }),
        };

        var placement = store.Locate(documents, location);
        if (placement.HandlerKind != HttpAttachmentHandler.HandlerKind || placement.Target.Kind != StorageTargetKind.External)
        {
            console.Error($"The plan did not resolve to the HTTP backend: {placement.Target}");
            return ExitCodes.Failure;
        }

        var (storedVoicemail, sentBytes, sentHash) = await TransferProgress.RunAsync(console.Err, "Uploading " + AttachmentName, size, async progress =>
        {
            // The handler streams the generated file; the hash of what it read is checked against what comes back.
            using var content = new ObservedStream(new GeneratedVoicemail(size), progress);
            var result = await store.PutAsync(documents, location, content, "audio/wav", cancellationToken).ConfigureAwait(false);
            return (result, content.BytesRead, content.GetHash());
        }).ConfigureAwait(false);
        Step(output, "Voicemail stored", $"{AttachmentName}, {Bytes(sentBytes)}, by the plan's {storedVoicemail.HandlerKind} handler");
        output.MarkupLine($"  [grey]object key[/]  [bold]{Markup.Escape(storedVoicemail.ObjectName)}[/]");

        var (readBytes, readHash) = await TransferProgress.RunAsync(console.Err, "Downloading " + AttachmentName, size, async progress =>
        {
            var read = await store.OpenReadAsync(documents, location, cancellationToken).ConfigureAwait(false);
            await using (read.ConfigureAwait(false))
            {
                using var observed = new ObservedStream(read.Content, progress);
                await observed.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
                return (observed.BytesRead, observed.GetHash());
            }
        }).ConfigureAwait(false);

        if (readBytes != sentBytes || !CryptographicOperations.FixedTimeEquals(readHash, sentHash))
        {
            console.Error($"The voicemail came back different: {Bytes(readBytes)} read, {Bytes(sentBytes)} stored.");
            return ExitCodes.Failure;
        }

        Step(output, "Read back", $"{Bytes(readBytes)}, byte-identical (SHA-256 {Convert.ToHexStringLower(readHash)[..8]}…)");
        output.MarkupLine("[green]Done.[/] Emulator and backend stopped. Next: [bold]kazoo-storage --help[/]");
        return ExitCodes.Success;
    }

    private static void Step(IAnsiConsole output, string what, string detail) =>
        output.MarkupLine($"[green]✓[/] {Markup.Escape(what),-22} [grey]{Markup.Escape(detail)}[/]");

    private static string Bytes(long count) => count.ToString("N0", CultureInfo.InvariantCulture) + " bytes";
}
