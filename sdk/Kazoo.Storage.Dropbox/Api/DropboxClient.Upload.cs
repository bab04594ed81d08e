using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.Dropbox.Api;

/// <summary>
/// Uploads: one <c>files/upload</c> call for content up to <see cref="DropboxAttachmentHandlerOptions.SessionThreshold"/>,
/// otherwise an upload session: <c>upload_session/start</c> with the first chunk, <c>append_v2</c> with each middle chunk
/// at its offset (<c>cursor</c>), <c>finish</c> with the last chunk and the commit (path and mode). The content is read
/// once, one chunk at a time, through an <see cref="AttachmentUploadSource"/> that shows every byte read to the
/// <see cref="ContentHasher"/>.
/// </summary>
internal sealed partial class DropboxClient
{
    /// <summary>One <c>files/upload</c> call streaming <paramref name="length"/> bytes from <paramref name="source"/>.</summary>
    /// <remarks>A failure of the caller's stream is not retried, and is thrown as it was rather than as a transport error.</remarks>
    public async Task<DropboxFile> UploadStreamAsync(string oauthDocId, string path, AttachmentUploadSource source, long length, CancellationToken cancellationToken)
    {
        var arg = DropboxApiArg.HeaderSafe(DropboxApiArg.Upload(path, _options.OverwriteExisting));
        try
        {
            using var response = await SendAsync(
                oauthDocId,
                "files/upload",
                () =>
                {
                    var body = source.CreateContent();
                    body.Headers.ContentLength = length;
                    return ContentRequest("2/files/upload", arg, body);
                },
                () => !source.ReadFailed && source.TryRewind(),
                cancellationToken).ConfigureAwait(false);
            return await ReadFileAsync(response, "files/upload", cancellationToken).ConfigureAwait(false);
        }
        catch (AttachmentHandlerException) when (source.ReadFailed)
        {
            source.ThrowIfReadFailed();
            throw;
        }
    }

    /// <summary>
    /// Uploads content whose length is unknown or above the threshold: reads the first chunk (plus one byte, to know
    /// whether more follows); content that ends there and fits the threshold goes up with one <c>files/upload</c> call,
    /// anything else through a session.
    /// </summary>
    /// <returns>The file, and whether a session carried it.</returns>
    public async Task<(DropboxFile File, bool Session)> UploadChunkedAsync(string oauthDocId, string path, AttachmentUploadSource content, CancellationToken cancellationToken)
    {
        using var chunks = new UploadChunks(content, _options.ChunkSize);
        string? session = null;
        while (true)
        {
            await chunks.FillAsync(cancellationToken).ConfigureAwait(false);
            var (offset, count, buffer) = (chunks.Offset, chunks.Count, chunks.Buffer);
            int taken;
            if (session is null)
            {
                if (chunks.IsLast && count <= _options.SessionThreshold)
                {
                    return (await UploadBufferAsync(oauthDocId, path, buffer, count, cancellationToken).ConfigureAwait(false), false);
                }

                session = await StartSessionAsync(oauthDocId, buffer, count, cancellationToken).ConfigureAwait(false);
                taken = count;
            }
            else if (chunks.IsLast)
            {
                return (await FinishSessionAsync(oauthDocId, session, offset, path, buffer, count, cancellationToken).ConfigureAwait(false), true);
            }
            else
            {
                taken = await AppendAsync(oauthDocId, session, offset, buffer, count, cancellationToken).ConfigureAwait(false);
            }

            // What Dropbox did not take goes first in the next call.
            chunks.Advance(taken);
        }
    }

    private async Task<DropboxFile> UploadBufferAsync(string oauthDocId, string path, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var arg = DropboxApiArg.HeaderSafe(DropboxApiArg.Upload(path, _options.OverwriteExisting));
        using var response = await SendAsync(
            oauthDocId,
            "files/upload",
            () => ContentRequest("2/files/upload", arg, new ByteArrayContent(buffer, 0, count)),
            static () => true,
            cancellationToken).ConfigureAwait(false);
        return await ReadFileAsync(response, "files/upload", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>upload_session/start</c> with the first chunk; returns the session id.</summary>
    private async Task<string> StartSessionAsync(string oauthDocId, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var arg = DropboxApiArg.SessionStart();
        using var response = await SendAsync(
            oauthDocId,
            "files/upload_session/start",
            () => ContentRequest("2/files/upload_session/start", arg, new ByteArrayContent(buffer, 0, count)),
            static () => true,
            cancellationToken).ConfigureAwait(false);
        using var json = await _send.ReadJsonAsync(response, cancellationToken).ConfigureAwait(false);
        var root = json.RootElement;
        var sessionId = root.ValueKind == System.Text.Json.JsonValueKind.Object
            && root.TryGetProperty("session_id", out var id) && id.ValueKind == System.Text.Json.JsonValueKind.String
                ? id.GetString()
                : null;
        if (string.IsNullOrEmpty(sessionId))
        {
            throw new AttachmentHandlerException(Kind, 500, "Dropbox opened no upload session (no session_id)", root.Clone());
        }

        Log.SessionStarted(_send.Logger, count);
        return sessionId;
    }

    /// <summary>
    /// <c>upload_session/append_v2</c> of <paramref name="count"/> bytes at <paramref name="offset"/>; returns how many of
    /// them Dropbox holds now. When a retry meets Dropbox's <c>incorrect_offset</c> (the earlier attempt arrived but its
    /// answer was lost), the <c>correct_offset</c> it names says how far to move on.
    /// </summary>
    private async Task<int> AppendAsync(string oauthDocId, string session, long offset, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var arg = DropboxApiArg.HeaderSafe(DropboxApiArg.SessionAppend(session, offset));
        try
        {
            using var response = await SendAsync(
                oauthDocId,
                "files/upload_session/append_v2",
                () => ContentRequest("2/files/upload_session/append_v2", arg, new ByteArrayContent(buffer, 0, count)),
                static () => true,
                cancellationToken).ConfigureAwait(false);
            return count;
        }
        catch (AttachmentHandlerException failure) when (DropboxErrors.CorrectOffset(failure.ErrorBody) is { } correct && correct > offset && correct <= offset + count)
        {
            Log.OffsetCorrected(_send.Logger, offset, correct);
            return (int)(correct - offset);
        }
    }

    /// <summary><c>upload_session/finish</c> with the last <paramref name="count"/> bytes (possibly none) and the commit.</summary>
    private async Task<DropboxFile> FinishSessionAsync(string oauthDocId, string session, long offset, string path, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        var arg = DropboxApiArg.HeaderSafe(DropboxApiArg.SessionFinish(session, offset, path, _options.OverwriteExisting));
        using var response = await SendAsync(
            oauthDocId,
            "files/upload_session/finish",
            () => ContentRequest("2/files/upload_session/finish", arg, new ByteArrayContent(buffer, 0, count)),
            static () => true,
            cancellationToken).ConfigureAwait(false);
        return await ReadFileAsync(response, "files/upload_session/finish", cancellationToken).ConfigureAwait(false);
    }
}
