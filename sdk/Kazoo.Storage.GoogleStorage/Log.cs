using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.GoogleStorage;

/// <summary>The handler's log messages. None carries a token, a secret, a session URI or content.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning, "Could not get an access token for OAuth id {OAuthId} ({ErrorType} {OAuthError}); reporting oauth_failure")]
    public static partial void TokenFailed(ILogger logger, string oauthId, string errorType, string? oauthError);

    [LoggerMessage(2, LogLevel.Warning, "Cloud Storage {Method} request failed before an answer: {Error}")]
    public static partial void TransportFailed(ILogger logger, string method, string error);

    [LoggerMessage(3, LogLevel.Debug, "Uploading '{Name}' to bucket {Bucket}: {Mode}, {Length} bytes")]
    public static partial void Uploading(ILogger logger, string name, string bucket, string mode, long? length);

    [LoggerMessage(4, LogLevel.Debug, "Cloud Storage opened a resumable upload session for {Length} bytes")]
    public static partial void SessionStarted(ILogger logger, long? length);

    [LoggerMessage(5, LogLevel.Warning, "Resumable chunk at offset {Offset} failed ({ErrorCode} {Reason}); resume attempt {Attempt} in {Delay}")]
    public static partial void ChunkFailed(ILogger logger, long offset, int errorCode, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(6, LogLevel.Debug, "Cancelled the resumable upload session at Cloud Storage ({StatusCode})")]
    public static partial void SessionCancelled(ILogger logger, int statusCode);

    [LoggerMessage(7, LogLevel.Debug, "Stored '{Name}' in bucket {Bucket} as generation {Generation}")]
    public static partial void Stored(ILogger logger, string name, string bucket, string? generation);

    [LoggerMessage(8, LogLevel.Error, "Upload of '{Name}' to bucket {Bucket} does not match what was sent ({Detail}); deleting generation {Generation}")]
    public static partial void UploadMismatch(ILogger logger, string name, string bucket, string detail, string? generation);

    [LoggerMessage(9, LogLevel.Warning, "The stored mediaLink is not on the configured API host; reading '{Name}' by its name instead")]
    public static partial void MediaLinkIgnored(ILogger logger, string name);
}
