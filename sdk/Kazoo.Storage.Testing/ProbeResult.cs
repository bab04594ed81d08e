using System.Text.Json;

namespace Kazoo.Storage.Testing;

/// <summary>
/// What a <see cref="SettingsProbe"/> found. A failure becomes Crossbar's 400 with
/// <c>attachments.{id}</c> → <c>invalid</c> → <c>{error_code, error_body, message}</c> (spec §3.3).
/// </summary>
/// <param name="Success">Whether the backend accepted the test write and read.</param>
/// <param name="ErrorCode">The backend's HTTP status (<c>error_code</c>); Kazoo's default is 500.</param>
/// <param name="ErrorBody">The backend's response body (<c>error_body</c>): a JSON value, or a string for a non-JSON body; an empty string when null.</param>
/// <param name="Message">The reason (<c>message</c>), e.g. S3's XML <c>&lt;Message&gt;</c>; when null, the HTTP reason phrase of <paramref name="ErrorCode"/>.</param>
public sealed record ProbeResult(bool Success, int ErrorCode = 500, JsonElement? ErrorBody = null, string? Message = null)
{
    /// <summary>The backend accepted the settings.</summary>
    public static ProbeResult Ok { get; } = new(true);

    /// <summary>The backend refused the settings.</summary>
    /// <param name="errorCode">The backend's HTTP status.</param>
    /// <param name="message">The reason.</param>
    /// <param name="errorBody">The backend's response body, if any.</param>
    public static ProbeResult Failed(int errorCode, string message, JsonElement? errorBody = null) => new(false, errorCode, errorBody, message);

    /// <summary>What the SDK's <see cref="Attachments.AttachmentProbe"/> found, as the emulator answers it.</summary>
    internal static ProbeResult Of(Attachments.AttachmentProbeResult result) =>
        result.Failure is { } failure ? Failed(failure.ErrorCode, failure.Reason, failure.ErrorBody) : Ok;
}
