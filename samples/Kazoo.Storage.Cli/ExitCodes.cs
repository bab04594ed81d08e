namespace Kazoo.Storage.Cli;

/// <summary>The process exit codes of <c>kazoo-storage</c> (the README lists them).</summary>
internal static class ExitCodes
{
    /// <summary>Everything worked; the document is valid.</summary>
    public const int Success = 0;

    /// <summary>
    /// The document is invalid (locally or as Kazoo answered with 400), a backend failed its probe, the demo's round trip
    /// failed, or no storage target applies.
    /// </summary>
    public const int Failure = 1;

    /// <summary>Bad usage: unknown or missing options, or an input file that is unreadable, not JSON, or not a storage document.</summary>
    public const int Usage = 2;

    /// <summary>Crossbar answered 404: no such storage document.</summary>
    public const int NotFound = 3;

    /// <summary>Crossbar answered 401 or 403: the credentials were refused, or they may not use that scope.</summary>
    public const int AccessDenied = 4;

    /// <summary>Crossbar answered 409: the document already exists (put) or changed meanwhile.</summary>
    public const int Conflict = 5;

    /// <summary>The server could not be reached, timed out, or failed (5xx, 429, an answer that is not Crossbar's).</summary>
    public const int Unavailable = 6;

    /// <summary>A bug: an exception nobody expected.</summary>
    public const int InternalError = 70;

    /// <summary>Cancelled with Ctrl+C (128 + SIGINT).</summary>
    public const int Cancelled = 130;
}
