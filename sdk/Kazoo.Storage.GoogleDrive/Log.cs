using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.GoogleDrive;

/// <summary>The handler's log messages. None carries a token, a secret or content.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Could not get a Google access token for oauth_doc_id {OAuthDocId} ({ErrorType}); reporting oauth_failure")]
    public static partial void TokenFailed(ILogger logger, string oauthDocId, string errorType);

    [LoggerMessage(2, LogLevel.Warning, "Drive {Method} request failed before an answer: {Error}")]
    public static partial void TransportFailed(ILogger logger, string method, string error);

    [LoggerMessage(3, LogLevel.Debug, "Created Drive folder '{Name}' ({FolderId}) in {ParentId}")]
    public static partial void FolderCreated(ILogger logger, string name, string folderId, string parentId);

    [LoggerMessage(4, LogLevel.Warning, "Could not look up or create Drive folder '{Name}' in {ParentId} ({ErrorCode} {Reason}); storing in the deepest folder found")]
    public static partial void FolderFailed(ILogger logger, string name, string parentId, int errorCode, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Uploading '{Name}' to Drive folder {ParentId}: {Mode}, {Length} bytes")]
    public static partial void Uploading(ILogger logger, string name, string parentId, string mode, long? length);

    [LoggerMessage(6, LogLevel.Warning, "Upload of '{Name}' into Drive folder {ParentId} failed ({ErrorCode} {Reason}); retrying once into root")]
    public static partial void RetryingIntoRoot(ILogger logger, string name, string parentId, int errorCode, string reason);

    [LoggerMessage(7, LogLevel.Debug, "Drive opened a resumable upload session for {Length} bytes")]
    public static partial void SessionStarted(ILogger logger, long? length);

    [LoggerMessage(8, LogLevel.Warning, "Resumable chunk at offset {Offset} failed ({ErrorCode}); resume attempt {Attempt} in {Delay}")]
    public static partial void ChunkFailed(ILogger logger, long offset, int errorCode, int attempt, TimeSpan delay);

    [LoggerMessage(9, LogLevel.Debug, "Cancelled the resumable upload session at Drive ({StatusCode})")]
    public static partial void SessionCancelled(ILogger logger, int statusCode);

    [LoggerMessage(10, LogLevel.Debug, "Stored '{Name}' in Drive as file {FileId}")]
    public static partial void Stored(ILogger logger, string name, string fileId);
}
