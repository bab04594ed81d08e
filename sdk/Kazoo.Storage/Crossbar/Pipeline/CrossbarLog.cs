using System.Net;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Crossbar.Pipeline;

/// <summary>
/// Every log line of the Crossbar client, in one place. Tokens appear only as <see cref="TokenFingerprint"/>s; API keys,
/// passwords and document contents never appear.
/// </summary>
internal static partial class CrossbarLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Sending {Method} {Path} (request id {RequestId})")]
    public static partial void Sending(ILogger logger, string method, string path, string requestId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Crossbar answered {Status} to {Method} {Path} in {ElapsedMs} ms (request id {RequestId})")]
    public static partial void Answered(ILogger logger, int status, string method, string path, long elapsedMs, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Method} {Path} got no answer after {ElapsedMs} ms: {Reason} (request id {RequestId})")]
    public static partial void NoAnswer(ILogger logger, string method, string path, long elapsedMs, string reason, string requestId);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "Logged in to Crossbar with {CredentialsKind} credentials: token {Token} for account {AccountId}, renewed after {RenewAt:O}")]
    public static partial void LoggedIn(ILogger logger, string credentialsKind, string token, string? accountId, DateTimeOffset renewAt);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "Crossbar refused token {Token} (401); logging in again once")]
    public static partial void TokenRefused(ILogger logger, string token);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Crossbar refused token {Token} (401) and the credentials cannot be renewed (a caller-supplied token)")]
    public static partial void TokenRefusedCannotRenew(ILogger logger, string token);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "Logging in to Crossbar with {CredentialsKind} credentials failed: {Status} {CrossbarMessage} (request id {RequestId})")]
    public static partial void LoginFailed(ILogger logger, string credentialsKind, HttpStatusCode status, string? crossbarMessage, string? requestId);

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Update of the {Scope} storage document conflicted (409, attempt {Attempt} of {MaxAttempts}); reading it again")]
    public static partial void UpdateConflict(ILogger logger, StorageScope scope, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Creating the {Scope} storage document conflicted (409); replacing it instead")]
    public static partial void CreateConflictReplacing(ILogger logger, StorageScope scope);

    [LoggerMessage(EventId = 22, Level = LogLevel.Debug, Message = "GET plan {PlanId} answered 404 (Kazoo's type-check bug); looking it up in the plan listing")]
    public static partial void PlanGetFallback(ILogger logger, string planId);

    [LoggerMessage(EventId = 23, Level = LogLevel.Information, Message = "The {Scope} storage document failed local validation ({ErrorCount} errors); nothing was sent")]
    public static partial void LocalValidationFailed(ILogger logger, StorageScope scope, int errorCount);
}
