using Kazoo.Storage.Cli.Rendering;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// What the server commands share: running one Crossbar call, printing the document it answered (secrets masked unless
/// <c>--show-secrets</c>), and turning a <see cref="CrossbarException"/> into a readable error and an exit code.
/// </summary>
internal static class CrossbarCommand
{
    /// <summary>The way past local validation, said wherever it stopped a document.</summary>
    private const string SendAnywayHint = "fix the document, or send it anyway with --no-validate and let Kazoo judge.";

    /// <summary>Runs <paramref name="call"/> and prints its answer, or the error.</summary>
    /// <param name="context">The run.</param>
    /// <param name="session">The client and scope.</param>
    /// <param name="done">What happened, for people: e.g. <c>Created</c>.</param>
    /// <param name="call">The Crossbar call.</param>
    /// <param name="printDocument">Whether the answer's document is worth printing (not for delete).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public static async Task<int> RunAsync(
        CliContext context,
        CrossbarSession session,
        string done,
        Func<KazooStorageClient, StorageScope, CancellationToken, Task<CrossbarResponse<StorageDocument>>> call,
        bool printDocument,
        CancellationToken cancellationToken)
    {
        CrossbarResponse<StorageDocument> response;
        try
        {
            response = await call(session.Client, session.Scope, cancellationToken).ConfigureAwait(false);
        }
        catch (CrossbarException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Report(context.Console, session, ex);
        }

        var console = context.Console;
        if (session.Json)
        {
            console.WriteJson(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("scope", session.Scope.Path);
                writer.WriteString("revision", response.Revision);
                writer.WriteString("request_id", response.RequestId);
                if (printDocument)
                {
                    writer.WritePropertyName("data");
                    SecretMasking.WriteMasked(writer, JsonSerializer.SerializeToElement(response.Value, KazooStorageJson.GetTypeInfo<StorageDocument>()), session.ShowSecrets);
                }
                else
                {
                    writer.WriteBoolean("deleted", true);
                }

                writer.WriteEndObject();
            });
            return ExitCodes.Success;
        }

        var revision = response.Revision is null ? "" : $" [grey](revision {Markup.Escape(response.Revision)})[/]";
        console.Out.MarkupLine($"[green]✓[/] {Markup.Escape(done)} the storage document of {Markup.Escape(session.Scope.ToString())}{revision}");
        if (printDocument)
        {
            if (session.ShowSecrets)
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

    /// <summary>Reports a document that was not sent because it is invalid (it does not even read as a storage document).</summary>
    /// <param name="console">The console.</param>
    /// <param name="session">The run.</param>
    /// <param name="path">The input's name.</param>
    /// <param name="errors">Why it does not read as a storage document.</param>
    public static int ReportInvalid(CliConsole console, CrossbarSession session, string path, ValidationErrors errors)
    {
        if (session.Json)
        {
            console.WriteJsonError(new JsonError("bad_request", $"{path} is not valid; nothing was sent.") { Status = 400, Local = true, Hint = SendAnywayHint, Errors = errors });
        }
        else
        {
            console.Error($"{path} is not valid ({ValidationView.Count(errors)}); nothing was sent:");
            ValidationView.Write(console.Err, errors);
            console.Hint(SendAnywayHint);
        }

        return ExitCodes.Failure;
    }

    /// <summary>Reports a failed Crossbar call (plain or JSON, as the session asks) and returns its exit code.</summary>
    public static int Report(CliConsole console, CrossbarSession session, CrossbarException ex)
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

        var hint = ex.IsLocal ? SendAnywayHint
            : ex.Kind == CrossbarErrorKind.Timeout ? "a slow server may need a longer --timeout."
            : null;
        if (session.Json)
        {
            console.WriteJsonError(new JsonError(KindName(ex.Kind), message)
            {
                Status = (int)ex.StatusCode,
                Local = ex.IsLocal,
                Hint = hint,
                CrossbarMessage = ex.CrossbarMessage,
                RequestId = ex.RequestId,
                Errors = ex.ValidationErrors,
            });
            return exitCode;
        }

        console.Error(message);
        if (!ex.ValidationErrors.IsValid)
        {
            ValidationView.Write(console.Err, ex.ValidationErrors);
        }

        if (hint is not null)
        {
            console.Hint(hint);
        }

        if (ex.RequestId is not null && !ex.IsLocal)
        {
            console.Err.MarkupLine($"[grey]request id {Markup.Escape(ex.RequestId)}[/]");
        }

        return exitCode;
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
