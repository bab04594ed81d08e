using Kazoo.Storage.Serialization;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Cli.Infrastructure;
using Kazoo.Storage.GoogleDrive;
using Kazoo.Storage.S3;
using Kazoo.Storage.GoogleDrive.Credentials;
using Spectre.Console;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// <c>probe FILE</c>: tests every attachment backend of a storage document as Kazoo's <c>validate_settings</c> does (write a
/// test file, read it back, compare), with the HTTP, S3 and Google Drive handlers, and shows the outcome as a table. Exit 1
/// when a backend fails.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The storage document whose backends to test; - reads standard input." };
        var account = new Option<string?>("--account")
        {
            Description = "The account the document belongs to: test files are named for its month database, as Kazoo names them (default: the system document's system_data).",
            HelpName = "ID",
        }.KazooId();
        var googleCredentials = new Option<string?>("--google-credentials")
        {
            Description = "Google OAuth credentials per oauth_doc_id: {\"<oauth_doc_id>\": {\"client_id\", \"client_secret\", \"refresh_token\"[, \"token_uri\"]}} [env KAZOO_GOOGLE_CREDENTIALS]",
            HelpName = "FILE",
        };
        var googleApi = new Option<string?>("--google-api")
        {
            Description = "The Google APIs base URL (default https://www.googleapis.com/), e.g. a test server's.",
            HelpName = "URL",
        };
        var timeout = TimeoutOption.Create("each backend (write, read back and delete the test file)");
        var json = new Option<bool>("--json") { Description = "Print the results as JSON, with the failures in the shape of Crossbar's 400 data." };
        var command = new Command("probe", "Test every attachment backend of a storage document as Kazoo's settings probe does.")
        {
            file, account, googleCredentials, googleApi, timeout, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var document = await JsonInput.ReadStorageDocumentAsync(context, path, cancellationToken).ConfigureAwait(false);
            var credentialsPath = parse.GetValue(googleCredentials) ?? context.Environment("KAZOO_GOOGLE_CREDENTIALS");
            var registry = await GoogleCredentialsAsync(context, credentialsPath, cancellationToken).ConfigureAwait(false);
            var googleBase = GoogleBase(parse.GetValue(googleApi));
            using var http = new HttpClient(HttpAttachmentHandler.CreateTransport()) { Timeout = Timeout.InfiniteTimeSpan };
            using var googleHttp = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var s3 = new S3AttachmentHandler();
            IAttachmentHandler[] handlers =
            [
                new HttpAttachmentHandler(http),
                s3,
                new GoogleDriveAttachmentHandler(googleHttp, registry, new GoogleDriveAttachmentHandlerOptions { DriveBaseUri = googleBase, UploadBaseUri = googleBase }),
            ];
            var probe = new StorageDocumentProbe(handlers, new StorageDocumentProbeOptions { Timeout = TimeoutOption.ValueOf(parse, timeout) });
            var report = await probe.ProbeAsync(document, parse.GetValue(account), cancellationToken).ConfigureAwait(false);
            Print(context.Console, JsonInput.NameOf(path), report, parse.GetValue(json));
            return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static Uri GoogleBase(string? text)
    {
        if (text is null)
        {
            return GoogleDriveAttachmentHandlerOptions.GoogleApisUri;
        }

        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--google-api must be an http or https URL (got '{SecretMask.MaskText(text)}').");
        }

        return uri;
    }

    private static async Task<GoogleDriveCredentialRegistry> GoogleCredentialsAsync(CliContext context, string? path, CancellationToken cancellationToken)
    {
        var registry = new GoogleDriveCredentialRegistry();
        if (path is null)
        {
            return registry;
        }

        var json = await JsonInput.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
        var name = JsonInput.NameOf(path);
        using var parsed = JsonDocument.Parse(json);
        if (parsed.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new CliException($"{name} must hold a JSON object keyed by oauth_doc_id.");
        }

        foreach (var entry in parsed.RootElement.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"{name}: the credentials for {entry.Name} must be a JSON object.");
            }

            string Field(string field) =>
                entry.Value.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                    ? value.GetString()!
                    : throw new CliException($"{name}: the credentials for {entry.Name} need a string \"{field}\".");
            Uri? tokenEndpoint = null;
            if (entry.Value.TryGetProperty("token_uri", out var tokenUri))
            {
                tokenEndpoint = tokenUri.ValueKind == JsonValueKind.String && Uri.TryCreate(tokenUri.GetString(), UriKind.Absolute, out var u)
                    ? u
                    : throw new CliException($"{name}: token_uri of {entry.Name} is not a URL.");
            }

            registry.AddRefreshToken(entry.Name, Field("client_id"), Field("client_secret"), Field("refresh_token"), tokenEndpoint);
        }

        return registry;
    }

    private static void Print(CliConsole console, string name, StorageDocumentProbeReport report, bool json)
    {
        if (json)
        {
            console.WriteJson(writer =>
            {
                writer.WriteStartObject();
                writer.WriteBoolean("succeeded", report.Succeeded);
                writer.WriteStartArray("backends");
                foreach (var result in report)
                {
                    writer.WriteStartObject();
                    writer.WriteString("id", result.AttachmentId);
                    writer.WriteString("kind", result.Kind);
                    writer.WriteString("outcome", Outcome(result.Outcome));
                    writer.WriteNumber("elapsed_ms", Math.Round(result.Elapsed.TotalMilliseconds));
                    writer.WriteString("message", result.Message);
                    if (result.Failure is { } failure)
                    {
                        writer.WriteNumber("error_code", failure.ErrorCode);
                    }
                    else
                    {
                        writer.WriteNull("error_code");
                    }

                    if (result.TestFile is { } testFile)
                    {
                        writer.WriteString("object_name", testFile.ObjectName);
                    }
                    else
                    {
                        writer.WriteNull("object_name");
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WritePropertyName("errors");
                report.ToValidationErrors().WriteTo(writer);
                writer.WriteEndObject();
            });
            return;
        }

        if (report.Count == 0)
        {
            console.Out.MarkupLineInterpolated($"{name} has no attachment backends to probe.");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("backend").AddColumn("kind").AddColumn("result").AddColumn(new TableColumn("time").RightAligned()).AddColumn("detail");
        foreach (var result in report)
        {
            var (markup, detail) = result.Outcome switch
            {
                AttachmentBackendProbeOutcome.Passed => ("[green]passed[/]", "test file " + result.TestFile?.ObjectName),
                AttachmentBackendProbeOutcome.Failed => ("[red]failed[/]", result.Failure is { } f ? f.ErrorCode.ToString(CultureInfo.InvariantCulture) + " " + f.Reason : result.Message),
                AttachmentBackendProbeOutcome.Skipped => ("[grey]skipped[/]", result.Message),
                _ => ("[yellow]not probed[/]", result.Message),
            };
            table.AddRow(
                new Markup(Markup.Escape(result.AttachmentId)),
                new Markup(Markup.Escape(result.Kind)),
                new Markup(markup),
                new Markup(result.Elapsed > TimeSpan.Zero ? Math.Round(result.Elapsed.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms" : ""),
                new Markup(Markup.Escape(detail)));
        }

        console.Out.Write(table);
        var failed = report.Count(r => r.Outcome == AttachmentBackendProbeOutcome.Failed);
        var passed = report.Count(r => r.Outcome == AttachmentBackendProbeOutcome.Passed);
        console.Out.MarkupLine(failed == 0
            ? $"[green]✓[/] {passed} of {report.Count} backends passed Kazoo's settings probe."
            : $"[red]✗[/] {failed} of {report.Count} backends failed: Kazoo would refuse this document (400, code invalid).");
    }

    private static string Outcome(AttachmentBackendProbeOutcome outcome) => outcome switch
    {
        AttachmentBackendProbeOutcome.Passed => "passed",
        AttachmentBackendProbeOutcome.Failed => "failed",
        AttachmentBackendProbeOutcome.NoHandler => "no_handler",
        AttachmentBackendProbeOutcome.Unsupported => "unsupported",
        _ => "skipped",
    };
}
