namespace Kazoo.Storage.Cli;

/// <summary>The process exit codes of <c>kazoo-storage</c> (the README lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked; the document is valid.</summary>
    public const int Success = 0;

    /// <summary>
    /// The document is invalid (locally or as Kazoo answered with 400) or does not read as one, a backend failed its probe,
    /// the demo's round trip failed, no storage target applies, no handler serves the plan's backend, an attachment backend
    /// refused, or <c>serve</c>'s port is in use.
    /// </summary>
    public const int Failure = 1;

    /// <summary>
    /// Bad usage: unknown or missing options, a malformed value (from an option or a <c>KAZOO_*</c> variable), or an input
    /// that is missing, unreadable, over 16 MiB, not UTF-8, not JSON, or not the JSON the command needs.
    /// </summary>
    public const int Usage = 2;

    /// <summary>Crossbar answered 404: no such storage document; or an attachment backend has no such object.</summary>
    public const int NotFound = 3;

    /// <summary>Crossbar (or an attachment backend) answered 401 or 403: the credentials were refused, or they may not use that scope.</summary>
    public const int AccessDenied = 4;

    /// <summary>Crossbar answered 409: the document already exists (put) or changed meanwhile.</summary>
    public const int Conflict = 5;

    /// <summary>
    /// The server (or an attachment backend) could not be reached, did not answer within <c>--timeout</c>, or failed (5xx,
    /// 429, an answer that is not Crossbar's).
    /// </summary>
    public const int Unavailable = 6;

    /// <summary>A bug: an exception nobody expected.</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
