using Kazoo.Storage.Crossbar;
using Kazoo.Storage.Models;
using Kazoo.Storage.Tests.Support;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>
/// Every secret slot of every storage schema, filled with secrets of every shape (see <see cref="SecretSlots"/>), through
/// every output of the CLI (validate, put, get, patch, replace; plain and <c>--json</c>) and of the client (exception
/// messages, Crossbar's echoed errors, logs) against the Crossbar emulator. The emulator judges documents with the SDK's
/// validator; Kazoo's own raw echoes of secrets are covered by the client's error mapping tests.
/// </summary>
public sealed class SecretSlotTests : EmulatorTest
{
    public static TheoryData<string> Cases => SecretSlots.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task No_output_of_the_cli_shows_a_secret(string name)
    {
        var secretCase = SecretSlots.Cases[name];
        var path = Files.Write("storage.json", secretCase.Json);
        var runs = new List<(string What, CliResult Result)>();
        async Task<CliResult> Run(string what, params string[] args)
        {
            var result = await Tool.RunAsync(args);
            runs.Add((what, result));
            return result;
        }

        foreach (var mode in new[] { Array.Empty<string>(), ["--kazoo"] })
        {
            await Run("validate " + string.Join(' ', mode), ["validate", path, .. mode]);
            await Run("validate --json " + string.Join(' ', mode), ["validate", path, "--json", .. mode]);
        }

        var account = Emulator.AddAccount("secrets " + Guid.NewGuid().ToString("N"));
        var put = await Run("put", Connect(account, "put", path, "--no-validate"));
        var get = await Run("get", Connect(account, "get"));
        var getJson = await Run("get --json", Connect(account, "get", "--json"));
        await Run("patch", Connect(account, "patch", path, "--no-validate"));
        await Run("replace --json", Connect(account, "replace", path, "--json"));
        await Run("put --json (local validation)", Connect(account, "put", path, "--json"));
        await Run("put (local validation)", Connect(account, "put", path));

        foreach (var (what, result) in runs)
        {
            SecretSlots.AssertHidden(secretCase, result.Out + result.Err, "kazoo-storage " + what);
        }

        // The outputs hold the document: what was stored is printed, the secret slot masked whole.
        if (put.ExitCode == 0)
        {
            Assert.Contains("a1000000000000000000000000000001", get.Out);
            var data = getJson.Json.GetProperty("data");
            if (secretCase.SecretName && At(data, secretCase.Slot) is { } stored)
            {
                Assert.Equal("***", stored.GetString());
            }
        }
        else
        {
            Assert.Contains("error", put.Err, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task No_exception_or_log_of_the_client_shows_a_secret(string name)
    {
        var secretCase = SecretSlots.Cases[name];
        var account = Emulator.AddAccount("client " + Guid.NewGuid().ToString("N"));
        var scope = StorageScope.Account(account.Id);
        using var logs = new LogCapture();
        using var loggerFactory = logs.CreateFactory();
        var outputs = new List<string>();
        foreach (var validateBeforeSending in new[] { true, false })
        {
            var client = new KazooStorageClient(
                Emulator.BaseAddress,
                CrossbarCredentials.FromApiKey(account.ApiKey),
                new KazooStorageClientOptions { ValidateBeforeSending = validateBeforeSending, RetryDelay = TimeSpan.FromMilliseconds(1) },
                loggerFactory);
            var calls = new List<Func<Task>>
            {
                () => client.CreateOrReplaceAsync(scope, Read(SecretSlots.BaseDocument().ToJsonString())),
                () => client.PatchAsync(scope, StoragePatch.FromJson(secretCase.Json)),
            };
            if (TryRead(secretCase.Json) is { } document)
            {
                calls.Add(() => client.ReplaceAsync(scope, document));
                calls.Add(() => client.CreateAsync(scope, document));
            }

            foreach (var call in calls)
            {
                try
                {
                    await call();
                }
                catch (CrossbarException error)
                {
                    outputs.Add(error.ToString());
                    outputs.Add(error.CrossbarMessage ?? "");
                    outputs.Add(error.Details?.GetRawText() ?? "");
                    outputs.Add(error.ValidationErrors.ToJson());
                }
            }
        }

        foreach (var output in outputs)
        {
            SecretSlots.AssertHidden(secretCase, output, "the client's exception");
        }

        SecretSlots.AssertHidden(secretCase, logs.All, "the client's log");
        Assert.NotEmpty(logs.Lines);

        // The exceptions hold the document: an array fits no secret slot, so Kazoo's (or the local) errors echo it, masked.
        if (secretCase.SecretName && secretCase.Shape == "array")
        {
            Assert.Contains(outputs, o => o.Contains("\"***\"", StringComparison.Ordinal));
        }
    }

    private static StorageDocument Read(string json) => JsonSerializer.Deserialize<StorageDocument>(json, KazooStorageJson.Options)!;

    private static StorageDocument? TryRead(string json)
    {
        try
        {
            return Read(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The value at a slot path (<c>attachments.*[handler=s3].settings.key</c>) in a document, or null.</summary>
    private static JsonElement? At(JsonElement document, string slot)
    {
        var current = document;
        foreach (var step in slot.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (step.StartsWith('*'))
            {
                var discriminator = step.Length > 1 ? step[2..^1].Split('=') : null;
                var entry = current.EnumerateObject().FirstOrDefault(p =>
                    discriminator is null || (p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty(discriminator[0], out var d) && d.ValueKind == JsonValueKind.String && d.GetString() == discriminator[1]));
                if (entry.Value.ValueKind == JsonValueKind.Undefined)
                {
                    return null;
                }

                current = entry.Value;
            }
            else if (!current.TryGetProperty(step, out current))
            {
                return null;
            }
        }

        return current;
    }
}
