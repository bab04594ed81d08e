using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.GoogleDrive;

/// <summary>
/// The handler's own log messages (the shared request sender and media upload log their own). None carries a token, a
/// secret or content.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3, LogLevel.Debug, "Created Drive folder '{Name}' ({FolderId}) in {ParentId}")]
    public static partial void FolderCreated(ILogger logger, string name, string folderId, string parentId);

    [LoggerMessage(4, LogLevel.Warning, "Could not look up or create Drive folder '{Name}' in {ParentId} ({ErrorCode} {Reason}); storing in the deepest folder found")]
    public static partial void FolderFailed(ILogger logger, string name, string parentId, int errorCode, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Uploading '{Name}' to Drive folder {ParentId}: {Mode}, {Length} bytes")]
    public static partial void Uploading(ILogger logger, string name, string parentId, string mode, long? length);

    [LoggerMessage(6, LogLevel.Warning, "Upload of '{Name}' into Drive folder {ParentId} failed ({ErrorCode} {Reason}); retrying once into root")]
    public static partial void RetryingIntoRoot(ILogger logger, string name, string parentId, int errorCode, string reason);

    [LoggerMessage(10, LogLevel.Debug, "Stored '{Name}' in Drive as file {FileId}")]
    public static partial void Stored(ILogger logger, string name, string fileId);
}
