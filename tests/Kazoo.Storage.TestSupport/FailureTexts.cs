using Kazoo.Storage.Attachments;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.TestSupport;

/// <summary>Every text a handler failure shows a caller or a log, where tests look for secrets that must appear in none.</summary>
public static class FailureTexts
{
    /// <summary>
    /// The failure's message, string, reason and body, each inner exception's string, and Kazoo's <c>invalid</c> error made
    /// of it (<paramref name="error"/>) with its detail.
    /// </summary>
    public static List<string> Of(AttachmentHandlerException failure, ValidationError error)
    {
        var texts = new List<string>
        {
            failure.Message,
            failure.ToString(),
            failure.Reason,
            failure.ErrorBody?.GetRawText() ?? "",
            error.ToString(),
            error.Detail.GetRawText(),
        };
        for (var inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            texts.Add(inner.ToString());
        }

        return texts;
    }
}
