using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// <c>probe FILE</c>: tests every attachment backend of a storage document as Kazoo's <c>validate_settings</c> does (write a
/// test file, read it back, compare), with every handler the CLI has (<see cref="AttachmentHandlerKinds"/>), and shows the
/// outcome as a table. Exit 1 when a backend fails.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create(CliContext context)
    {
        var file = CliOptions.File("The storage document whose backends to test; - reads standard input.");
        var account = CliOptions.Value(
            "--account",
            "The account the document belongs to: test files are named for its month database, as Kazoo names them (default: the system document's system_data).",
            "ID").KazooId();
        var timeout = TimeoutOption.Create("each backend (write, read back and delete the test file)");
        var command = new Command("probe", "Test every attachment backend of a storage document as Kazoo's settings probe does.") { file, account };
        var kinds = AttachmentHandlerKinds.AddTo(command);
        command.AddOptions(timeout, CliOptions.Json("Print the results as JSON, with the failures in the shape of Crossbar's 400 data."));
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            var document = await JsonInput.ReadStorageDocumentAsync(context, path, cancellationToken).ConfigureAwait(false);
            await using var handlers = await kinds.BuildAsync(parse, context, cancellationToken).ConfigureAwait(false);
            var probe = new StorageDocumentProbe(handlers.GetServices<IAttachmentHandler>(), new StorageDocumentProbeOptions { Timeout = TimeoutOption.ValueOf(parse, timeout) });
            var report = await probe.ProbeAsync(document, parse.GetValue(account), cancellationToken).ConfigureAwait(false);
            Print(context, JsonInput.NameOf(path), report);
            return report.Succeeded ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static void Print(CliContext context, string name, StorageDocumentProbeReport report)
    {
        var console = context.Console;
        if (context.Json)
        {
            console.WriteJsonObject(writer =>
            {
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

                    // Why a token was refused or missing (it names the OAuth id, never a secret).
                    writer.WriteString("detail", result.Failure is { } f ? AttachmentHandlerKinds.OAuthFailureOf(f)?.Message : null);
                    writer.WriteString("object_name", result.TestFile?.ObjectName);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WritePropertyName("errors");
                report.ToValidationErrors().WriteTo(writer);
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
                AttachmentBackendProbeOutcome.Failed => ("[red]failed[/]", result.Failure is { } f
                    ? f.ErrorCode.ToString(CultureInfo.InvariantCulture) + " " + f.Reason + (AttachmentHandlerKinds.OAuthFailureOf(f) is { } oauth ? ": " + oauth.Message : "")
                    : result.Message),
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
