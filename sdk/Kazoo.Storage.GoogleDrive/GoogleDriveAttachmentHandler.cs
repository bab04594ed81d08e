using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.GoogleDrive.Drive;
using Kazoo.Storage.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.GoogleDrive;

/// <summary>
/// Stores, fetches and deletes attachments in Google Drive exactly where Kazoo's <c>google_drive</c> handler puts them
/// (spec §7.4), through the Drive v3 REST API.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Where.</b> The object name is Kazoo's (<see cref="AttachmentObjectName"/>; <c>{docid}_{attachment}</c> by
/// default, after any <c>folder_base_path</c>/<c>folder_path</c>), split on <c>/</c>: the last part is the file name, the
/// others are folders. <c>settings.folder_id</c>, when set, is the parent and the folder parts are ignored. Otherwise each
/// folder is looked up from <c>root</c> (<c>'PARENT' in parents and name = 'PART' and mimeType = 'application/vnd.google-apps.folder'</c>)
/// and created when missing; if a lookup or creation fails, the deepest folder found so far is used.</item>
/// <item><b>Upload.</b> Content up to <see cref="GoogleDriveAttachmentHandlerOptions.ResumableThreshold"/> bytes goes as one
/// <c>multipart/related</c> request (JSON metadata part, then the bytes as they are, where Kazoo base64-encodes them);
/// larger content, and content of unknown length, through a resumable session in chunks of
/// <see cref="GoogleDriveAttachmentHandlerOptions.ChunkSize"/>. Either way the content is streamed, never held whole. If the upload
/// into a folder other than <c>root</c> fails, it is retried once into <c>root</c>, as Kazoo does, provided the content can
/// be read again (nothing was read yet, or the stream can seek).</item>
/// <item><b>Pointer.</b> <see cref="StoredAttachment.BackendId"/> is the Drive file id (Kazoo keeps
/// <c>{oauth_doc_id, file id}</c>); <see cref="StoredAttachment.Metadata"/> holds <c>oauth_doc_id</c>, <c>parent_id</c>,
/// <c>upload</c> (<c>multipart</c> or <c>resumable</c>) and Drive's <c>name</c>, <c>mimeType</c>, <c>size</c> and
/// <c>md5Checksum</c>. Without a file id (an attachment only located, see <see cref="IAttachmentHandler"/>'s contract), reads
/// and deletes resolve the folders (creating none) and take the newest file with the name there, or else in <c>root</c>,
/// where a failed upload into the folder went.</item>
/// <item><b>Credentials.</b> Every request carries <c>Authorization: Bearer …</c> with a token for
/// <c>settings.oauth_doc_id</c> from the <see cref="IOAuthTokenProvider"/> every bearer-token backend shares
/// (<see cref="GoogleDriveOAuthTokens"/> adds Google's credentials to it). A token failure is Kazoo's
/// <c>oauth_failure</c> (code 401); a Drive failure carries Drive's status, its JSON body and <c>error.message</c> as the
/// reason (<see cref="AttachmentHandlerException.ToValidationError"/> gives Kazoo's <c>invalid</c> error). Tokens never
/// appear in messages or logs.</item>
/// </list>
/// </remarks>
public sealed class GoogleDriveAttachmentHandler : AttachmentHandler<StorageAttachmentGoogleDrive>
{
    /// <summary>The backend kind served: <c>google_drive</c>.</summary>
    public const string HandlerKind = StorageAttachmentGoogleDrive.HandlerValue;

    /// <summary>The name of the <see cref="HttpClient"/> the handler asks <see cref="IHttpClientFactory"/> for.</summary>
    public const string HttpClientName = "Kazoo.Storage.GoogleDrive";

    private readonly DriveClient _drive;
    private readonly GoogleDriveAttachmentHandlerOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates a handler that sends its requests through <paramref name="httpClient"/>.</summary>
    /// <param name="httpClient">The client for Drive's routes; not disposed by the handler.</param>
    /// <param name="tokens">Access tokens per <c>oauth_doc_id</c>.</param>
    /// <param name="options">Endpoints and upload settings; the defaults (Google's API host) when null.</param>
    /// <param name="logger">The log; none when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    public GoogleDriveAttachmentHandler(HttpClient httpClient, IOAuthTokenProvider tokens, GoogleDriveAttachmentHandlerOptions? options = null, ILogger<GoogleDriveAttachmentHandler>? logger = null)
        : this(OAuthRequestSender.Always(httpClient), tokens, options, logger)
    {
    }

    /// <summary>Creates a handler for dependency injection: each operation takes a client from <paramref name="httpClientFactory"/>.</summary>
    /// <param name="httpClientFactory">Supplies the client named <see cref="GoogleDriveAttachmentHandler.HttpClientName"/>.</param>
    /// <param name="tokens">Access tokens per <c>oauth_doc_id</c>.</param>
    /// <param name="options">Endpoints and upload settings.</param>
    /// <param name="logger">The log; none when null.</param>
    /// <exception cref="InvalidOperationException">The options are invalid.</exception>
    [ActivatorUtilitiesConstructor]
    public GoogleDriveAttachmentHandler(IHttpClientFactory httpClientFactory, IOAuthTokenProvider tokens, IOptions<GoogleDriveAttachmentHandlerOptions> options, ILogger<GoogleDriveAttachmentHandler>? logger = null)
        : this(OAuthRequestSender.Named(httpClientFactory, HttpClientName), tokens, (options ?? throw new ArgumentNullException(nameof(options))).Value, logger)
    {
    }

    private GoogleDriveAttachmentHandler(Func<HttpClient> http, IOAuthTokenProvider tokens, GoogleDriveAttachmentHandlerOptions? options, ILogger? logger)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _options = (options ?? new GoogleDriveAttachmentHandlerOptions()).Clone();
        _options.Validate();
        _logger = logger ?? NullLogger.Instance;
        _drive = new DriveClient(http, tokens, _options, _logger);
    }

    /// <inheritdoc/>
    public override string Kind => HandlerKind;

    /// <summary>Kazoo's object name, with the backend's <c>oauth_doc_id</c> in the metadata (the credentials to read it with).</summary>
    /// <inheritdoc/>
    protected override StoredAttachment LocateCore(StorageAttachmentGoogleDrive backend, AttachmentLocation location, StoredAttachment located) =>
        OAuthPointer.Locate(located, backend.Settings.OauthDocId);

    /// <inheritdoc/>
    protected override async Task<StoredAttachment> PutCoreAsync(StorageAttachmentGoogleDrive backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
    {
        var oauthDocId = backend.Settings.OauthDocId;
        var path = DrivePath.Parse(located.ObjectName);
        var parentId = await ResolveFolderAsync(backend.Settings.FolderId, oauthDocId, path, create: true, cancellationToken).ConfigureAwait(false)
            ?? DriveClient.Root;

        var source = new AttachmentUploadSource(content);
        var length = source.TotalLength;
        var resumable = length is null || length > _options.ResumableThreshold;
        DriveFile file;
        try
        {
            file = await UploadAsync(oauthDocId, parentId, path.FileName, contentType, source, length, resumable, cancellationToken).ConfigureAwait(false);
        }
        catch (AttachmentHandlerException failure) when (parentId != DriveClient.Root && failure.Reason != "oauth_failure" && source.TryRewind())
        {
            Log.RetryingIntoRoot(_logger, path.FileName, parentId, failure.ErrorCode, failure.Reason);
            parentId = DriveClient.Root;
            file = await UploadAsync(oauthDocId, parentId, path.FileName, contentType, source, length, resumable, cancellationToken).ConfigureAwait(false);
        }

        Log.Stored(_logger, path.FileName, file.Id);
        var metadata = new Dictionary<string, string>(file.Fields, StringComparer.Ordinal)
        {
            [OAuthPointer.Member] = oauthDocId,
            ["parent_id"] = parentId,
            ["upload"] = resumable ? "resumable" : "multipart",
        };
        return located with
        {
            BackendId = file.Id,
            ContentType = contentType,
            Length = source.BytesRead,
            Metadata = metadata,
        };
    }

    /// <summary>Downloads the file by its id, or, for an attachment only located, the newest file with its name in its folder.</summary>
    /// <inheritdoc/>
    protected override async Task<Stream> OpenReadCoreAsync(StorageAttachmentGoogleDrive backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var fileId = await FileIdAsync(backend, stored, cancellationToken).ConfigureAwait(false);
        return await _drive.DownloadAsync(OAuthDocIdOf(backend, stored), fileId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the file by its id, or, for an attachment only located, the newest file with its name in its folder.</summary>
    /// <inheritdoc/>
    protected override async Task DeleteCoreAsync(StorageAttachmentGoogleDrive backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        var fileId = await FileIdAsync(backend, stored, cancellationToken).ConfigureAwait(false);
        await _drive.DeleteAsync(OAuthDocIdOf(backend, stored), fileId, cancellationToken).ConfigureAwait(false);
    }

    private Task<DriveFile> UploadAsync(string oauthDocId, string parentId, string name, string mimeType, AttachmentUploadSource source, long? length, bool resumable, CancellationToken cancellationToken)
    {
        Log.Uploading(_logger, name, parentId, resumable ? "resumable" : "multipart", length);
        return resumable
            ? _drive.UploadResumableAsync(oauthDocId, parentId, name, mimeType, source, length, cancellationToken)
            : _drive.UploadMultipartAsync(oauthDocId, parentId, name, mimeType, source, cancellationToken);
    }

    /// <summary>
    /// The parent folder's id: <c>folder_id</c> when set, else the folder parts resolved from <c>root</c>. When creating,
    /// a missing folder is made, and a failed lookup or creation stops the walk at the deepest folder found. When only
    /// reading, a missing folder gives null.
    /// </summary>
    private async Task<string?> ResolveFolderAsync(string? folderId, string oauthDocId, DrivePath path, bool create, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(folderId))
        {
            return folderId;
        }

        var parentId = DriveClient.Root;
        foreach (var folder in path.Folders)
        {
            try
            {
                var found = await _drive.FindAsync(oauthDocId, DriveQuery.Folder(parentId, folder), newestFirst: false, cancellationToken).ConfigureAwait(false);
                if (found is null)
                {
                    if (!create)
                    {
                        return null;
                    }

                    found = await _drive.CreateFolderAsync(oauthDocId, parentId, folder, cancellationToken).ConfigureAwait(false);
                    Log.FolderCreated(_logger, folder, found, parentId);
                }

                parentId = found;
            }
            catch (AttachmentHandlerException failure) when (create && failure.Reason != "oauth_failure")
            {
                Log.FolderFailed(_logger, folder, parentId, failure.ErrorCode, failure.Reason);
                break;
            }
        }

        return parentId;
    }

    private async Task<string> FileIdAsync(StorageAttachmentGoogleDrive backend, StoredAttachment stored, CancellationToken cancellationToken)
    {
        if (stored.BackendId is { Length: > 0 } id)
        {
            return id;
        }

        // Where an upload puts the file: its folder; or, as Kazoo, root when the upload into the folder failed.
        var path = DrivePath.Parse(stored.ObjectName);
        var oauthDocId = OAuthDocIdOf(backend, stored);
        var parentId = await ResolveFolderAsync(backend.Settings.FolderId, oauthDocId, path, create: false, cancellationToken).ConfigureAwait(false);
        string[] folders = parentId is null or DriveClient.Root ? [DriveClient.Root] : [parentId, DriveClient.Root];
        foreach (var folder in folders)
        {
            if (await _drive.FindAsync(oauthDocId, DriveQuery.File(folder, path.FileName), newestFirst: true, cancellationToken).ConfigureAwait(false) is { } fileId)
            {
                return fileId;
            }
        }

        throw new AttachmentHandlerException(Kind, 404, $"File not found: {stored.ObjectName}");
    }

    private static string OAuthDocIdOf(StorageAttachmentGoogleDrive backend, StoredAttachment stored) =>
        OAuthPointer.IdOf(stored) ?? backend.Settings.OauthDocId;
}
