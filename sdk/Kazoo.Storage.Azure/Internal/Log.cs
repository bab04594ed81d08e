using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Azure.Internal;

/// <summary>The handler's log messages. None carries a key or content.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Uploading blob '{BlobName}' to container '{Container}' of account '{Account}' (blocks of {BlockSize} bytes, {Concurrency} at a time)")]
    public static partial void Uploading(ILogger logger, string blobName, string container, string account, int blockSize, int concurrency);

    [LoggerMessage(2, LogLevel.Debug, "Stored blob '{BlobName}' in container '{Container}' of account '{Account}': {Length} bytes, {Blocks} staged blocks (0: one Put Blob)")]
    public static partial void Stored(ILogger logger, string blobName, string container, string account, long length, int blocks);

    [LoggerMessage(3, LogLevel.Warning, "Upload of blob '{BlobName}' to container '{Container}' of account '{Account}' did not complete ({Why}); no blob was committed, and Azure discards the staged blocks within a week")]
    public static partial void UploadAbandoned(ILogger logger, string blobName, string container, string account, string why);

    [LoggerMessage(4, LogLevel.Warning, "Azure {Operation} of blob '{BlobName}' in container '{Container}' of account '{Account}' failed: {ErrorCode} {Reason}")]
    public static partial void Failed(ILogger logger, string operation, string blobName, string container, string account, int errorCode, string reason);

    [LoggerMessage(5, LogLevel.Debug, "Created an Azure blob client for account '{Account}' at {Endpoint}")]
    public static partial void ClientCreated(ILogger logger, string account, Uri endpoint);
}
