using System.Globalization;
using Kazoo.Storage.Plans;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// <c>attachment put|get|delete</c>: stores, reads or deletes one attachment exactly where Kazoo would, through the SDK's
/// <see cref="AttachmentStore"/>: the storage documents (files, or read from Crossbar) and the database, type and owner pick
/// the backend, the handler for its kind (<see cref="AttachmentHandlerKinds"/>) moves the bytes under Kazoo's object name.
/// Exit 0 when done; 1 when the plan gives no backend or no handler serves its kind, or the backend refused; 3 when the
/// backend has no such object (Dropbox's 409 <c>…/not_found/…</c> too); 4 when it refused the credentials; 6 when it could not be reached.
/// </summary>
internal static class AttachmentCommand
{
    public static Command Create(CliContext context) => new("attachment", "Store, read or delete an attachment exactly where Kazoo would put it.")
    {
        Put(context),
        Get(context),
        Delete(context),
    };

    private static Command Put(CliContext context)
    {
        var file = CliOptions.File("The file to store; - reads standard input.");
        var contentType = CliOptions.Value(
            "--content-type", "The attachment's MIME type (default: from the attachment name's extension, else application/octet-stream).", "TYPE").NotEmpty();
        var command = new Command("put", "Store a file where Kazoo would put the attachment.") { file };
        var shared = Shared.AddTo(command, contentType);
        command.SetAction((parse, cancellationToken) => shared.RunAsync(parse, context, async (store, documents, location) =>
        {
            var path = parse.GetValue(file)!;
            var (input, length) = OpenInput(context, path);
            var type = parse.GetValue(contentType) ?? ContentTypeOf(location.AttachmentName);
            var (placement, bytes, hash) = await TransferProgress.RunAsync(context.Console.Err, "Uploading " + location.AttachmentName, length, async progress =>
            {
                using var observed = new ObservedStream(input, progress);
                try
                {
                    var placed = await store.PutAsync(documents, location, observed, type, cancellationToken).ConfigureAwait(false);
                    return (placed, observed.BytesRead, observed.GetHash());
                }
                catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // The handlers report a backend's failures as theirs: an I/O error is the input's own.
                    throw new CliException($"{JsonInput.NameOf(path)} cannot be read: {ex.Message}", innerException: ex);
                }
            }).ConfigureAwait(false);
            Report(context, "Stored", location, placement, bytes, hash, toError: false);
        }, cancellationToken));
        return command;
    }

    private static Command Get(CliContext context)
    {
        var output = new Option<string?>("--output", "-o") { Description = "Write the attachment to this file (default: standard output).", HelpName = "FILE" }.NotEmpty();
        var command = new Command("get", "Read the attachment from where Kazoo puts it.");
        var shared = Shared.AddTo(command, output);
        command.SetAction((parse, cancellationToken) =>
        {
            var target = parse.GetValue(output);
            if (target is null && context.Json)
            {
                throw new CliException("With --json, standard output carries the JSON: give -o FILE for the attachment's bytes.");
            }

            return shared.RunAsync(parse, context, async (store, documents, location) =>
            {
                var read = await store.OpenReadAsync(documents, location, cancellationToken).ConfigureAwait(false);
                await using (read.ConfigureAwait(false))
                {
                    var (bytes, hash) = await TransferProgress.RunAsync(context.Console.Err, "Downloading " + location.AttachmentName, KnownLength(read.Content), progress =>
                        CopyAsync(context, read.Content, target, progress, cancellationToken)).ConfigureAwait(false);
                    Report(context, "Read", location, read.Placement, bytes, hash, toError: target is null);
                }
            }, cancellationToken);
        });
        return command;
    }

    private static Command Delete(CliContext context)
    {
        var command = new Command("delete", "Delete the attachment from where Kazoo puts it (Kazoo itself never deletes from a backend).");
        var shared = Shared.AddTo(command);
        command.SetAction((parse, cancellationToken) => shared.RunAsync(parse, context, async (store, documents, location) =>
        {
            var placement = await store.DeleteAsync(documents, location, cancellationToken).ConfigureAwait(false);
            Report(context, "Deleted", location, placement, null, null, toError: false);
        }, cancellationToken));
        return command;
    }

    /// <summary>Prints what happened: one JSON object, or a few lines (on standard error when standard output carries the bytes).</summary>
    private static void Report(CliContext context, string done, AttachmentLocation location, AttachmentPlacement placement, long? bytes, byte[]? hash, bool toError)
    {
        var hex = hash is null ? null : Convert.ToHexStringLower(hash);
        var console = context.Console;
        if (context.Json)
        {
            console.WriteJsonObject(writer =>
            {
                writer.WriteString("object_name", placement.ObjectName);
                writer.WriteString("attachment_handler_kind", placement.HandlerKind);
                if (bytes is { } count)
                {
                    writer.WriteNumber("bytes", count);
                }
                else
                {
                    writer.WriteNull("bytes");
                }

                writer.WriteString("sha256", hex);
            });
            return;
        }

        var output = toError ? console.Err : console.Out;
        var size = bytes is { } n ? ", " + n.ToString("N0", CultureInfo.InvariantCulture) + " bytes" : "";
        output.MarkupLine($"[green]✓[/] {Markup.Escape(done)} {Markup.Escape(location.AttachmentName)}{size} [grey]({Markup.Escape(placement.HandlerKind)} backend {Markup.Escape(placement.HandlerId)})[/]");
        output.MarkupLine($"  [grey]object name[/]  [bold]{Markup.Escape(placement.ObjectName)}[/]");
        if (hex is not null)
        {
            output.MarkupLine($"  [grey]sha256[/]       {hex}");
        }
    }

    private static (Stream Input, long? Length) OpenInput(CliContext context, string path)
    {
        if (path == JsonInput.StandardInput)
        {
            return (context.OpenStandardInput(), null);
        }

        if (path.Length == 0 || Directory.Exists(path) || !File.Exists(path))
        {
            throw new CliException(path.Length == 0 ? "The file name is empty." : Directory.Exists(path) ? $"{path} is a directory, not a file." : $"{path} does not exist.");
        }

        try
        {
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return (stream, stream.Length);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{path} cannot be read: {ex.Message}", innerException: ex);
        }
    }

    private static string ContentTypeOf(string attachmentName) =>
        new FileExtensionContentTypeProvider().TryGetContentType(attachmentName, out var type) ? type : "application/octet-stream";

    private static long? KnownLength(Stream content)
    {
        try
        {
            return content.CanSeek || content is HttpResponseStream ? content.Length : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies the attachment to the file (through a partial file moved into place at the end, so a failed download leaves
    /// nothing behind) or to standard output, hashing and counting what went through.
    /// </summary>
    private static async Task<(long Bytes, byte[] Hash)> CopyAsync(CliContext context, Stream content, string? path, Action<long> progress, CancellationToken cancellationToken)
    {
        var partial = path is null ? null : path + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        Stream destination;
        try
        {
            destination = partial is null
                ? context.Host.OpenStandardOutput()
                : new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"{path} cannot be written: {ex.Message}", innerException: ex);
        }

        var completed = false;
        try
        {
            var observed = new ObservedStream(content, progress);
            var buffer = new byte[81920];
            while (true)
            {
                int read;
                try
                {
                    read = await observed.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new CliException($"The download broke off after {observed.BytesRead:N0} bytes: {ex.Message}", ExitCodes.Unavailable, innerException: ex);
                }

                if (read == 0)
                {
                    break;
                }

                try
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (IOException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new CliException($"{path ?? "standard output"} cannot be written: {ex.Message}", ExitCodes.Failure, innerException: ex);
                }
            }

            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            completed = true;
            return (observed.BytesRead, observed.GetHash());
        }
        finally
        {
            if (partial is not null)
            {
                await destination.DisposeAsync().ConfigureAwait(false);
                if (completed)
                {
                    File.Move(partial, path!, overwrite: true);
                }
                else
                {
                    File.Delete(partial);
                }
            }
        }
    }

    /// <summary>The options and the flow every subcommand shares: where the documents come from, the attachment, the handlers.</summary>
    private sealed class Shared(PlanQueryOptions plan, CrossbarConnection connection, AttachmentHandlerKinds kinds)
    {
        /// <summary>Adds the shared options, then the subcommand's own, to <paramref name="command"/>.</summary>
        public static Shared AddTo(Command command, params Option[] own)
        {
            var shared = new Shared(PlanQueryOptions.AddTo(command, attachmentRequired: true), CrossbarConnection.AddLoginTo(command), AttachmentHandlerKinds.AddTo(command));
            command.AddOptions([CliOptions.Json("Print {\"object_name\", \"attachment_handler_kind\", \"bytes\", \"sha256\"} (or the error) as JSON."), .. own]);
            return shared;
        }

        /// <summary>Reads the documents, builds the store, runs <paramref name="operation"/>, and turns its failures into exit codes.</summary>
        public async Task<int> RunAsync(ParseResult parse, CliContext context, Func<AttachmentStore, StoragePlanInputs, AttachmentLocation, Task> operation, CancellationToken cancellationToken)
        {
            var location = (await plan.LocationAsync(parse, context, cancellationToken).ConfigureAwait(false))!;
            var (inputs, failed) = await DocumentsAsync(parse, context, location, cancellationToken).ConfigureAwait(false);
            if (inputs is null)
            {
                return failed;
            }

            await using var handlers = await kinds.BuildAsync(parse, context, cancellationToken).ConfigureAwait(false);
            try
            {
                await operation(handlers.GetRequiredService<AttachmentStore>(), inputs, location).ConfigureAwait(false);
                return ExitCodes.Success;
            }
            catch (AttachmentStoreException ex)
            {
                var hint = ex.Failure == AttachmentStoreFailure.NoHandler
                    ? $"kazoo-storage has handlers for {string.Join(", ", AttachmentHandlerKinds.Kinds)}."
                    : "kazoo-storage resolve with the same documents and --db, --type and --owner shows the plan.";
                return context.Fail(ExitCodes.Failure, new JsonError("failure", ex.Message) { Hint = hint });
            }
            catch (AttachmentHandlerException ex) when (!cancellationToken.IsCancellationRequested)
            {
                var exitCode = ex.ErrorCode switch
                {
                    404 => ExitCodes.NotFound,
                    // Dropbox says "no such file" as a 409 whose error_summary is path/not_found/.. (or path_lookup/not_found/..).
                    409 when ex.HandlerKind == "dropbox" && ex.Reason.Contains("not_found", StringComparison.Ordinal) => ExitCodes.NotFound,
                    401 or 403 => ExitCodes.AccessDenied,
                    _ when ex.Reason.StartsWith("Socket error", StringComparison.Ordinal) => ExitCodes.Unavailable,
                    _ => ExitCodes.Failure,
                };
                // A token failure names the OAuth id (never a secret: the SDK masks them) and where credentials come from.
                var oauth = AttachmentHandlerKinds.OAuthFailureOf(ex);
                return context.Fail(exitCode, new JsonError("backend", oauth is null ? ex.Message : ex.Message + ": " + oauth.Message)
                {
                    Status = ex.ErrorCode,
                    Local = false,
                    Hint = oauth is null ? null : AttachmentHandlerKinds.OAuthHint,
                });
            }
        }

        /// <summary>
        /// The storage documents: from files when <c>--account-doc</c> or <c>--user-doc</c> is given; else from Crossbar when a
        /// server is named (the system document from <c>--system-doc</c> when given: an account's credentials may not read
        /// it); else <c>--system-doc</c> alone. When a Crossbar call fails it is reported, and its exit code comes instead.
        /// </summary>
        private async Task<(StoragePlanInputs? Documents, int ExitCode)> DocumentsAsync(ParseResult parse, CliContext context, AttachmentLocation location, CancellationToken cancellationToken)
        {
            var files = await plan.ReadFilesAsync(parse, context, cancellationToken).ConfigureAwait(false);
            if (plan.HasAccountOrUserFile(parse))
            {
                return connection.ServerGiven(parse)
                    ? throw new CliException("Give the storage documents as files (--account-doc, --user-doc) or read them from Crossbar (--server), not both; --system-doc goes with either.")
                    : (files, ExitCodes.Success);
            }

            if (!connection.HasServer(parse, context))
            {
                return plan.HasSystemFile(parse)
                    ? (files, ExitCodes.Success)
                    : throw new CliException(
                        "Which storage documents? Give them as files (--account-doc FILE, --system-doc FILE, --user-doc FILE), or --server URL to read them from Crossbar.",
                        hint: $"--server also comes from {CrossbarConnection.ServerVariable}.");
            }

            using var session = connection.Open(parse, context, withScope: false);
            var accountId = KazooDatabaseName.Classify(location.Database).AccountId;
            var scope = StorageScope.System;
            try
            {
                var system = files.System ?? (await session.Client.GetPlanInputsAsync(null, cancellationToken: cancellationToken).ConfigureAwait(false)).System;
                if (accountId is null)
                {
                    return (files with { System = system }, ExitCodes.Success);
                }

                // A user's document when the plan has an owner (an owner id Kazoo could not have is no user).
                scope = location.OwnerId is { } owner && InputRules.IsKazooId(owner) ? StorageScope.User(accountId, owner) : StorageScope.Account(accountId);
                var read = await session.Client.GetPlanInputsAsync(accountId, scope.UserId, includeSystem: false, cancellationToken).ConfigureAwait(false);
                return (read with { System = system }, ExitCodes.Success);
            }
            catch (CrossbarException ex) when (!cancellationToken.IsCancellationRequested)
            {
                var exitCode = CrossbarCommand.Report(context, session with { Scope = scope }, ex);
                if (!context.Json && ex.Kind == CrossbarErrorKind.Forbidden && scope == StorageScope.System)
                {
                    context.Console.Hint("only the master account may read the system document: give it with --system-doc FILE.");
                }

                return (null, exitCode);
            }
        }
    }
}
