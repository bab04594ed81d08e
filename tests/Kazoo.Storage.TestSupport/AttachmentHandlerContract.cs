using System.Security.Cryptography;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// Checks a handler against <see cref="IAttachmentHandler"/>'s contract on a real (or faithfully faked) backend, through the
/// untyped interface as <see cref="AttachmentStore"/> calls it: arguments refused before anything is sent, <c>Locate</c> and
/// <c>PutAsync</c> agreeing on kind and object name, a located attachment (no backend id) readable and deletable as a new
/// process would do it, a missing object a failure rather than an empty stream, the caller's stream left open, and the
/// caller's stream's own failure surfacing as itself. Each handler's test project calls it once with its backend; a
/// violation throws <see cref="AttachmentHandlerContractException"/> naming the rule.
/// </summary>
public static class AttachmentHandlerContract
{
    /// <summary>Runs every check; the backend ends as it started (the test object is deleted).</summary>
    /// <param name="handler">The handler.</param>
    /// <param name="backend">An entry of the handler's kind that reaches a working backend.</param>
    /// <param name="attachmentName">The attachment name to use, unique to the test run where backends are shared.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public static async Task VerifyAsync(IAttachmentHandler handler, StorageAttachmentsEntry backend, string attachmentName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(backend);
        Require(handler.CanHandle(backend), "CanHandle accepts an entry of its own kind");
        var location = new AttachmentLocation(KazooDatabaseName.Modb("4b8a2c0e1f3d4e5a6b7c8d9e0f1a2b3c", 2024, 1), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), attachmentName)
        {
            AccountId = "4b8a2c0e1f3d4e5a6b7c8d9e0f1a2b3c",
        };

        await ArgumentsAreCheckedAsync(handler, backend, location, cancellationToken).ConfigureAwait(false);

        // 1. Locate: no I/O, the kind and Kazoo's object name, no backend id.
        var located = handler.Locate(backend, location);
        Require(located.HandlerKind == handler.Kind, "Locate answers with the handler's kind");
        Require(located.ObjectName == AttachmentObjectName.Build(backend, location), "Locate answers with Kazoo's object name");
        Require(located.BackendId is null, "Locate gives no backend id");

        // 2. Put answers with the same kind and name, and the bytes; the caller's stream stays open.
        const int Size = 300_000;
        var content = new GeneratedStream(Size, seed: 7);
        var stored = await handler.PutAsync(backend, location, content, "audio/mpeg", cancellationToken).ConfigureAwait(false);
        Require(stored.HandlerKind == handler.Kind && stored.ObjectName == located.ObjectName, "PutAsync answers with Locate's kind and object name");
        Require(stored.Length is null or Size, $"PutAsync reports the bytes stored ({stored.Length} for {Size})");
        Require(content.CanRead && content.BytesRead == Size, "PutAsync reads the caller's stream to its end and leaves it open");

        // 3. What Put answered, and what Locate gives a process that only knows the name, both read the same bytes.
        Require((await HashAsync(handler, backend, stored, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(GeneratedStream.Sha256(Size, 7)), "the stored attachment reads back byte for byte");
        Require((await HashAsync(handler, backend, located, cancellationToken).ConfigureAwait(false)).AsSpan().SequenceEqual(GeneratedStream.Sha256(Size, 7)), "a located attachment (no backend id) reads back byte for byte");

        // 4. A located attachment can be deleted, and reading it afterwards fails (never an empty stream).
        await handler.DeleteAsync(backend, located, cancellationToken).ConfigureAwait(false);
        var missing = await Failure.OfAsync(() => HashAsync(handler, backend, located, cancellationToken)).ConfigureAwait(false);
        Require(missing is AttachmentHandlerException, $"reading a deleted attachment fails with AttachmentHandlerException (got {missing?.GetType().Name ?? "the content"})");

        // 5. The caller's stream failing midway is its own failure, not the backend's.
        var breaking = new GeneratedStream(Size, seed: 8) { FailAfter = 100_000 };
        var broken = await Failure.OfAsync(() => handler.PutAsync(backend, location with { AttachmentName = "broken_" + attachmentName }, breaking, "audio/mpeg", cancellationToken)).ConfigureAwait(false);
        Require(broken is IOException && broken.Message.Contains("failed on purpose", StringComparison.Ordinal), $"a failing content stream surfaces as its own exception (got {broken?.GetType().Name ?? "success"}: {broken?.Message})");
        try
        {
            await handler.DeleteAsync(backend, handler.Locate(backend, location with { AttachmentName = "broken_" + attachmentName }), cancellationToken).ConfigureAwait(false);
        }
        catch (AttachmentHandlerException)
        {
            // Nothing was stored: fine.
        }
    }

    private static async Task ArgumentsAreCheckedAsync(IAttachmentHandler handler, StorageAttachmentsEntry backend, AttachmentLocation location, CancellationToken cancellationToken)
    {
        var other = backend is StorageAttachmentHttp
            ? (StorageAttachmentsEntry)new StorageAttachmentDropbox { Settings = new() { OauthDocId = "x" } }
            : new StorageAttachmentHttp { Settings = new() { Url = "http://127.0.0.1:9/" } };
        var located = handler.Locate(backend, location);
        var cases = new (string Rule, Func<Task> Call, Type Expected)[]
        {
            ("a null backend", () => handler.PutAsync(null!, location, Stream.Null, "audio/mpeg", cancellationToken), typeof(ArgumentNullException)),
            ("an entry of another kind", () => handler.PutAsync(other, location, Stream.Null, "audio/mpeg", cancellationToken), typeof(ArgumentException)),
            ("a null location", () => handler.PutAsync(backend, null!, Stream.Null, "audio/mpeg", cancellationToken), typeof(ArgumentNullException)),
            ("an empty document id", () => handler.PutAsync(backend, location with { DocumentId = "" }, Stream.Null, "audio/mpeg", cancellationToken), typeof(ArgumentException)),
            ("an empty attachment name", () => handler.PutAsync(backend, location with { AttachmentName = "" }, Stream.Null, "audio/mpeg", cancellationToken), typeof(ArgumentException)),
            ("an empty database", () => Task.FromResult(handler.Locate(backend, location with { Database = "" })), typeof(ArgumentException)),
            ("null content", () => handler.PutAsync(backend, location, null!, "audio/mpeg", cancellationToken), typeof(ArgumentNullException)),
            ("content that cannot be read", () => handler.PutAsync(backend, location, new WriteOnlyStream(), "audio/mpeg", cancellationToken), typeof(ArgumentException)),
            ("a content type that is not a MIME type", () => handler.PutAsync(backend, location, Stream.Null, "mpeg", cancellationToken), typeof(ArgumentException)),
            ("a null content type", () => handler.PutAsync(backend, location, Stream.Null, null!, cancellationToken), typeof(ArgumentNullException)),
            ("an attachment of another kind", () => handler.OpenReadAsync(backend, located with { HandlerKind = "other" }, cancellationToken), typeof(ArgumentException)),
            ("an attachment without a name", () => handler.DeleteAsync(backend, located with { ObjectName = "" }, cancellationToken), typeof(ArgumentException)),
            ("a null attachment", () => handler.DeleteAsync(backend, null!, cancellationToken), typeof(ArgumentNullException)),
        };
        foreach (var (rule, call, expected) in cases)
        {
            var failure = await Failure.OfAsync(call).ConfigureAwait(false);
            Require(failure?.GetType() == expected, $"{rule} is refused with {expected.Name} (got {failure?.GetType().Name ?? "no exception"})");
        }
    }

    private static async Task<byte[]> HashAsync(IAttachmentHandler handler, StorageAttachmentsEntry backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var content = await handler.OpenReadAsync(backend, stored, cancellationToken).ConfigureAwait(false);
        await using (content.ConfigureAwait(false))
        {
            return await SHA256.HashDataAsync(content, cancellationToken).ConfigureAwait(false);
        }
    }

    private static void Require(bool holds, string rule) => AttachmentHandlerContractException.ThrowUnless(holds, "The handler breaks IAttachmentHandler's contract", rule);

    private sealed class WriteOnlyStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}

/// <summary>A handler broke <see cref="IAttachmentHandler"/>'s contract (<see cref="AttachmentHandlerContract"/>).</summary>
/// <param name="message">Which rule.</param>
public sealed class AttachmentHandlerContractException(string message) : Exception(message)
{
    /// <summary>Throws, saying which contract and which rule, unless the rule holds.</summary>
    internal static void ThrowUnless(bool holds, string contract, string rule)
    {
        if (!holds)
        {
            throw new AttachmentHandlerContractException(contract + ": " + rule + ".");
        }
    }
}
