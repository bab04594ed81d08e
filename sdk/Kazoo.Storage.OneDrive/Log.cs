using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.OneDrive;

/// <summary>
/// The handler's own log records (the shared request sender logs its own). None carries a token, an upload session's URL or a download URL: Graph's pre-authenticated
/// URLs are credentials too.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3, LogLevel.Debug, "Uploading '{Path}' to OneDrive: {Mode}, {Length} bytes")]
    public static partial void Uploading(ILogger logger, string path, string mode, long length);

    [LoggerMessage(4, LogLevel.Debug, "Content of unknown length was copied to a temporary file to learn its size: {Length} bytes")]
    public static partial void Spooled(ILogger logger, long length);

    [LoggerMessage(5, LogLevel.Debug, "Graph opened an upload session for '{Path}', {Length} bytes")]
    public static partial void SessionOpened(ILogger logger, string path, long length);

    [LoggerMessage(6, LogLevel.Warning, "Upload fragment at offset {Offset} failed ({ErrorCode}); resume attempt {Attempt} in {Delay}")]
    public static partial void FragmentFailed(ILogger logger, long offset, int errorCode, int attempt, TimeSpan delay);

    [LoggerMessage(7, LogLevel.Debug, "Deleted the upload session at Graph ({StatusCode})")]
    public static partial void SessionCancelled(ILogger logger, int statusCode);

    [LoggerMessage(8, LogLevel.Debug, "Stored '{Path}' in OneDrive as item {ItemId} of drive {DriveId}")]
    public static partial void Stored(ILogger logger, string path, string itemId, string driveId);

    [LoggerMessage(9, LogLevel.Trace, "Following Graph's download redirect ({Hop}) without the bearer token")]
    public static partial void FollowingDownloadRedirect(ILogger logger, int hop);
}
