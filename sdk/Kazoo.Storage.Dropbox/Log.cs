using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Dropbox;

/// <summary>The handler's own log messages (the shared request sender logs its own). None carries a token, a secret or content.</summary>
internal static partial class Log
{
    [LoggerMessage(3, LogLevel.Warning, "Dropbox {Operation} failed ({ErrorCode} {Reason}); retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string operation, int errorCode, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(4, LogLevel.Debug, "Opened a Dropbox upload session with a first chunk of {Count} bytes")]
    public static partial void SessionStarted(ILogger logger, int count);

    [LoggerMessage(5, LogLevel.Information, "Dropbox already held the chunk sent at offset {Offset} (correct_offset {CorrectOffset}); continuing from there")]
    public static partial void OffsetCorrected(ILogger logger, long offset, long correctOffset);

    [LoggerMessage(6, LogLevel.Debug, "Uploading {Path} to Dropbox ({Length} bytes, {Mode})")]
    public static partial void Uploading(ILogger logger, string path, long? length, string mode);

    [LoggerMessage(7, LogLevel.Debug, "Stored {Path} in Dropbox as {FileId} ({Length} bytes, {Upload})")]
    public static partial void Stored(ILogger logger, string path, string fileId, long length, string upload);
}
