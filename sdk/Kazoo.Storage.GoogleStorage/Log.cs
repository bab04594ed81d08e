using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.GoogleStorage;

/// <summary>
/// The handler's own log messages (the shared request sender and media upload log their own). None carries a token, a
/// secret, a session URI or content.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3, LogLevel.Debug, "Uploading '{Name}' to bucket {Bucket}: {Mode}, {Length} bytes")]
    public static partial void Uploading(ILogger logger, string name, string bucket, string mode, long? length);

    [LoggerMessage(7, LogLevel.Debug, "Stored '{Name}' in bucket {Bucket} as generation {Generation}")]
    public static partial void Stored(ILogger logger, string name, string bucket, string? generation);

    [LoggerMessage(8, LogLevel.Error, "Upload of '{Name}' to bucket {Bucket} does not match what was sent ({Detail}); deleting generation {Generation}")]
    public static partial void UploadMismatch(ILogger logger, string name, string bucket, string detail, string? generation);

    [LoggerMessage(9, LogLevel.Warning, "The stored mediaLink is not on the configured API host; reading '{Name}' by its name instead")]
    public static partial void MediaLinkIgnored(ILogger logger, string name);
}
