using Kazoo.Storage.Cli.Rendering;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// The commands that read and change a storage document through Crossbar, one call each on the scope of
/// <see cref="CrossbarConnection"/>: <c>get</c>, <c>put FILE</c> (create; 409 if one exists), <c>replace FILE</c> (keys left
/// out are dropped), <c>patch FILE</c> (deep merge; null removes a key) and <c>delete</c>. Documents are validated and sent as
/// records; with <c>--no-validate</c> the file's bytes go as read, for Kazoo to judge. The answer is printed (secrets masked
/// unless <c>--show-secrets</c>), and a <see cref="CrossbarException"/> becomes a readable error and an exit code
/// (<see cref="Report"/>, which <c>attachment</c> uses too).
/// </summary>
internal static class CrossbarCommand
{
    /// <summary>The way past local validation, said wherever it stopped a document.</summary>
    private const string SendAnywayHint = "fix the document, or send it anyway with --no-validate and let Kazoo judge.";

    public static Command Get(CliContext context) => Create(context, "get", "Read a storage document (GET …/storage).", file: null, (session, _, cancellationToken) =>
        RunAsync(context, session, "Read", (client, scope, ct) => client.GetAsync(scope, ct), cancellationToken));

    public static Command Delete(CliContext context) => Create(context, "delete", "Delete a storage document for good (DELETE …/storage).", file: null, (session, _, cancellationToken) =>
        RunAsync(context, session, "Deleted", (client, scope, ct) => client.DeleteAsync(scope, ct), cancellationToken, printDocument: false));

    public static Command Put(CliContext context) => Send(
        context, "put", "Create a storage document (PUT …/storage); 409 if one exists.", "Created",
        static (client, scope, document, ct) => client.CreateAsync(scope, document, ct),
        static (client, scope, json, ct) => client.CreateFromJsonAsync(scope, json, ct));

    public static Command Replace(CliContext context) => Send(
        context, "replace", "Replace a storage document (POST …/storage); keys left out are dropped.", "Replaced",
        static (client, scope, document, ct) => client.ReplaceAsync(scope, document, ct),
        static (client, scope, json, ct) => client.ReplaceFromJsonAsync(scope, json, ct));

    public static Command Patch(CliContext context) => Create(
        context,
        "patch",
        "Deep-merge a JSON object into a storage document (PATCH …/storage); null removes a key.",
        "The patch: a JSON object merged into the stored document (null removes a key); - reads standard input.",
        (session, json, cancellationToken) =>
        {
            StoragePatch patch;
            using (var parsed = JsonDocument.Parse(json.Bytes))
            {
                if (parsed.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliException($"{json.Name} holds a JSON {parsed.RootElement.ValueKind.ToString().ToLowerInvariant()}; a patch is a JSON object.");
                }

                patch = StoragePatch.FromJson(parsed.RootElement);
            }

            // --no-validate: the bytes as read, for Kazoo to judge.
            return RunAsync(context, session, "Patched", (client, scope, ct) => session.SendAsRead ? client.PatchFromJsonAsync(scope, json.Bytes, ct) : client.PatchAsync(scope, patch, ct), cancellationToken);
        });

    /// <summary>
    /// A command with the connection options (and a JSON <c>FILE</c>, and <c>--no-validate</c>, when <paramref name="file"/>
    /// describes one), whose action runs <paramref name="run"/> with the session and the file read.
    /// </summary>
    private static Command Create(CliContext context, string name, string description, string? file, Func<CrossbarSession, JsonFile, CancellationToken, Task<int>> run)
    {
        var command = new Command(name, description);
        var argument = file is null ? null : CliOptions.File(file);
        if (argument is not null)
        {
            command.Arguments.Add(argument);
        }

        var connection = CrossbarConnection.AddTo(command, writes: argument is not null);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var session = connection.Open(parse, context);
            var json = argument is null ? default : await JsonInput.ReadAsync(context, parse.GetValue(argument)!, cancellationToken).ConfigureAwait(false);
            return await run(session, json, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>
    /// A command that sends a whole document: as a record, when it reads as one (else its errors are reported and nothing is
    /// sent), or with <c>--no-validate</c> as read, even a value of the wrong type no record can hold.
    /// </summary>
    private static Command Send(
        CliContext context,
        string name,
        string description,
        string done,
        Func<KazooStorageClient, StorageScope, StorageDocument, CancellationToken, Task<CrossbarResponse<StorageDocument>>> send,
        Func<KazooStorageClient, StorageScope, ReadOnlyMemory<byte>, CancellationToken, Task<CrossbarResponse<StorageDocument>>> sendAsRead) =>
        Create(context, name, description, "The storage document to send, as JSON; - reads standard input.", (session, json, cancellationToken) =>
        {
            if (session.SendAsRead)
            {
                return RunAsync(context, session, done, (client, scope, ct) => sendAsRead(client, scope, json.Bytes, ct), cancellationToken);
            }

            StorageDocument? document = null;
            try
            {
                document = JsonSerializer.Deserialize(json.Bytes.Span, KazooStorageJson.GetTypeInfo<StorageDocument>());
            }
            catch (JsonException)
            {
                // The validator says where and why (a wrong type such as "bucket": 123 cannot become a record).
            }

            if (document is not null)
            {
                return RunAsync(context, session, done, (client, scope, ct) => send(client, scope, document, ct), cancellationToken);
            }

            var errors = StorageDocument.Validate(json.Bytes.Span);
            if (errors.IsValid)
            {
                throw new CliException($"{json.Name} is not a storage document.");
            }

            return Task.FromResult(context.Fail(
                ExitCodes.Failure,
                new JsonError("bad_request", $"{json.Name} is not valid; nothing was sent.") { Status = 400, Hint = SendAnywayHint, Errors = errors },
                [$"{json.Name} is not valid ({ValidationView.Count(errors)}); nothing was sent:"]));
        });

    /// <summary>Runs <paramref name="call"/> and prints its answer, or the error.</summary>
    /// <param name="context">The run.</param>
    /// <param name="session">The client and scope.</param>
    /// <param name="done">What happened, for people: e.g. <c>Created</c>.</param>
    /// <param name="call">The Crossbar call.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <param name="printDocument">Whether the answer's document is worth printing (not for delete).</param>
    private static async Task<int> RunAsync(
        CliContext context,
        CrossbarSession session,
        string done,
        Func<KazooStorageClient, StorageScope, CancellationToken, Task<CrossbarResponse<StorageDocument>>> call,
        CancellationToken cancellationToken,
        bool printDocument = true)
    {
        CrossbarResponse<StorageDocument> response;
        try
        {
            response = await call(session.Client, session.Scope, cancellationToken).ConfigureAwait(false);
        }
        catch (CrossbarException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Report(context, session, ex);
        }

        var console = context.Console;
        if (context.Json)
        {
            console.WriteJsonObject(writer =>
            {
                writer.WriteString("scope", session.Scope.Path);
                writer.WriteString("revision", response.Revision);
                writer.WriteString("request_id", response.RequestId);
                if (printDocument)
                {
                    writer.WritePropertyName("data");
                    SecretMasking.WriteMasked(writer, JsonSerializer.SerializeToElement(response.Value, KazooStorageJson.GetTypeInfo<StorageDocument>()), context.ShowSecrets);
                }
                else
                {
                    writer.WriteBoolean("deleted", true);
                }
            });
            return ExitCodes.Success;
        }

        var revision = response.Revision is null ? "" : $" [grey](revision {Markup.Escape(response.Revision)})[/]";
        console.Out.MarkupLine($"[green]✓[/] {Markup.Escape(done)} the storage document of {Markup.Escape(session.Scope.ToString())}{revision}");
        if (printDocument)
        {
            if (context.ShowSecrets)
            {
                // The summary never shows secrets; asked for them, print the document itself.
                console.WriteJson(writer => JsonSerializer.SerializeToElement(response.Value, KazooStorageJson.GetTypeInfo<StorageDocument>()).WriteTo(writer));
            }
            else
            {
                StorageDocumentView.Write(console.Out, response.Value);
            }
        }

        return ExitCodes.Success;
    }

    /// <summary>Reports a failed Crossbar call (plain or JSON, as the run asks) and returns its exit code.</summary>
    public static int Report(CliContext context, CrossbarSession session, CrossbarException ex)
    {
        var scope = session.Scope.ToString();
        var (exitCode, message) = ex.Kind switch
        {
            _ when ex.IsLocal => (ExitCodes.Failure, $"The document is not valid ({ValidationView.Count(ex.ValidationErrors)}); nothing was sent."),
            CrossbarErrorKind.BadRequest when !ex.ValidationErrors.IsValid => (ExitCodes.Failure, $"Kazoo refused the document ({ValidationView.Count(ex.ValidationErrors)}, 400)."),
            CrossbarErrorKind.BadRequest => (ExitCodes.Failure, $"Kazoo refused the request (400 {ex.CrossbarMessage})."),
            CrossbarErrorKind.Unauthorized => (ExitCodes.AccessDenied, $"Kazoo refused the credentials (401 {ex.CrossbarMessage}): check the API key, or the user name, password and account name."),
            CrossbarErrorKind.Forbidden => (ExitCodes.AccessDenied, $"These credentials may not use the storage document of {scope} (403 {ex.CrossbarMessage})."),
            CrossbarErrorKind.NotFound when ex.CrossbarMessage == "bad_identifier" => (ExitCodes.NotFound, $"There is no storage document for {scope} (404)."),
            CrossbarErrorKind.NotFound => (ExitCodes.NotFound, ex.Message),
            CrossbarErrorKind.Conflict => (ExitCodes.Conflict, $"The storage document of {scope} already exists or changed meanwhile (409 {ex.CrossbarMessage}): use replace or patch, or read it again."),
            // The cause is in the inner exceptions (a refused certificate, a refused connection); the request id is printed below.
            CrossbarErrorKind.Transport => (ExitCodes.Unavailable, $"Cannot reach {session.Endpoint}: {ExceptionText.WithCauses(ex.InnerException ?? ex)}."),
            CrossbarErrorKind.Timeout => (ExitCodes.Unavailable, $"{session.Endpoint} did not answer within {TimeoutOption.Format(session.Timeout)} (--timeout)."),
            _ => (ExitCodes.Unavailable, ex.Message),
        };

        return context.Fail(exitCode, new JsonError(KindName(ex.Kind), message)
        {
            Status = (int)ex.StatusCode,
            Local = ex.IsLocal,
            Hint = ex.IsLocal ? SendAnywayHint : ex.Kind == CrossbarErrorKind.Timeout ? "a slow server may need a longer --timeout." : null,
            CrossbarMessage = ex.CrossbarMessage,
            RequestId = ex.RequestId,
            Errors = ex.ValidationErrors,
        });
    }

    private static string KindName(CrossbarErrorKind kind) => kind switch
    {
        CrossbarErrorKind.BadRequest => "bad_request",
        CrossbarErrorKind.Unauthorized => "unauthorized",
        CrossbarErrorKind.Forbidden => "forbidden",
        CrossbarErrorKind.NotFound => "not_found",
        CrossbarErrorKind.Conflict => "conflict",
        CrossbarErrorKind.TooManyRequests => "too_many_requests",
        CrossbarErrorKind.ServerError => "server_error",
        CrossbarErrorKind.Transport => "transport",
        CrossbarErrorKind.Timeout => "timeout",
        CrossbarErrorKind.InvalidResponse => "invalid_response",
        _ => "other",
    };
}
