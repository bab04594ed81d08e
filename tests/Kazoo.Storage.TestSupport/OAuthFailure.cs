using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// How every bearer-token handler must report a token it could not get (no credential registered, a refused refresh token,
/// an unreachable token endpoint, a provider that fails or gives none): as Kazoo's <c>oauth_failure</c> with code 401,
/// which the settings probe shows as <c>{"attachments.{id}":{"invalid":{"error_code":401,"message":"oauth_failure",…}}}</c>,
/// keeping its cause, with no token or secret in any text the failure shows (<see cref="FailureTexts"/>). A violation
/// throws <see cref="AttachmentHandlerContractException"/> saying what differs.
/// </summary>
public static class OAuthFailure
{
    /// <summary>Checks <paramref name="failure"/>; returns its cause, for what is specific to the backend.</summary>
    /// <param name="failure">What the handler threw (or the probe reported).</param>
    /// <param name="attachmentId">The backend's id in the storage document: the validation error's path names it.</param>
    /// <param name="secrets">Tokens and secrets no text of the failure may show.</param>
    public static Exception Verify(AttachmentHandlerException failure, string attachmentId, params IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(secrets);
        var error = failure.ToValidationError(attachmentId);
        var shown = (failure.ErrorCode, failure.Reason, error.Path, error.Code,
            DetailCode: error.Detail.TryGetProperty("error_code", out var code) ? code.GetRawText() : null,
            DetailMessage: error.Detail.TryGetProperty("message", out var message) ? message.GetRawText() : null);
        var expected = (401, "oauth_failure", "attachments." + attachmentId, "invalid", "401", "\"oauth_failure\"");
        Require(shown == expected, $"it shows {shown} instead of {expected}");

        var cause = failure.InnerException;
        Require(cause is not null, "it keeps the cause");
        var texts = FailureTexts.Of(failure, error);
        var leaked = secrets.Count(secret => texts.Any(text => text.Contains(secret, StringComparison.Ordinal)));
        Require(leaked == 0, $"no text of it shows a token or secret ({leaked} of them shown)");
        return cause!;
    }

    private static void Require(bool holds, string rule) =>
        AttachmentHandlerContractException.ThrowUnless(holds, "The handler does not report a token failure as Kazoo's oauth_failure", rule);
}
