namespace Kazoo.Storage.GoogleDrive;

/// <summary>
/// Options for <see cref="GoogleDriveAttachmentHandler"/>: where Drive is, and how uploads are sent. With dependency
/// injection they come from <c>services.AddKazooGoogleDriveAttachmentHandler(…)</c>; otherwise pass them to the constructor.
/// </summary>
public sealed class GoogleDriveAttachmentHandlerOptions
{
    /// <summary>The granularity Drive demands of every resumable chunk but the last: 256 KiB.</summary>
    public const int ChunkGranularity = 256 * 1024;

    /// <summary>Google's API host, which serves Drive v3.</summary>
    public static readonly Uri GoogleApisUri = new("https://www.googleapis.com/");

    /// <summary>
    /// The base address of the Drive metadata routes; <c>drive/v3/files</c> is appended. Google's API host by default;
    /// tests point it at a loopback server.
    /// </summary>
    public Uri DriveBaseUri { get; set; } = GoogleApisUri;

    /// <summary>The base address of the Drive upload routes; <c>upload/drive/v3/files</c> is appended. Google's API host by default.</summary>
    public Uri UploadBaseUri { get; set; } = GoogleApisUri;

    /// <summary>
    /// The largest content, in bytes, sent as one <c>multipart/related</c> request; larger content, and content whose length
    /// is unknown (a stream that cannot seek), goes through a resumable upload session. 5 MiB by default, the size above
    /// which Google recommends resumable uploads.
    /// </summary>
    public long ResumableThreshold { get; set; } = 5 * 1024 * 1024;

    /// <summary>
    /// The size of each resumable chunk, a multiple of <see cref="ChunkGranularity"/> (Drive rejects other sizes). The
    /// handler holds one chunk in memory per upload. 8 MiB by default.
    /// </summary>
    public int ChunkSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// How often a resumable upload asks Drive where it stands and resumes after a chunk failed with a 5xx, a dropped
    /// connection or a timeout; 3 by default, 0 to fail at once.
    /// </summary>
    public int MaxResumeAttempts { get; set; } = 3;

    /// <summary>The wait before the first resume; each later one doubles it. 1 s by default.</summary>
    public TimeSpan ResumeDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Checks the options; throws when one is out of range.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        if (DriveBaseUri is null || !DriveBaseUri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("GoogleDriveAttachmentHandlerOptions.DriveBaseUri must be an absolute URI, e.g. https://www.googleapis.com/.");
        }

        if (UploadBaseUri is null || !UploadBaseUri.IsAbsoluteUri)
        {
            throw new InvalidOperationException("GoogleDriveAttachmentHandlerOptions.UploadBaseUri must be an absolute URI, e.g. https://www.googleapis.com/.");
        }

        if (ResumableThreshold < 0)
        {
            throw new InvalidOperationException("GoogleDriveAttachmentHandlerOptions.ResumableThreshold must not be negative.");
        }

        if (ChunkSize <= 0 || ChunkSize % ChunkGranularity != 0 || ChunkSize > 1024 * 1024 * 1024)
        {
            throw new InvalidOperationException($"GoogleDriveAttachmentHandlerOptions.ChunkSize must be a positive multiple of {ChunkGranularity} bytes (256 KiB), at most 1 GiB.");
        }

        if (MaxResumeAttempts < 0)
        {
            throw new InvalidOperationException("GoogleDriveAttachmentHandlerOptions.MaxResumeAttempts must not be negative.");
        }

        if (ResumeDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException("GoogleDriveAttachmentHandlerOptions.ResumeDelay must not be negative.");
        }
    }

    internal GoogleDriveAttachmentHandlerOptions Clone() => (GoogleDriveAttachmentHandlerOptions)MemberwiseClone();
}
