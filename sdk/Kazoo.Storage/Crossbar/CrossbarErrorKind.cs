namespace Kazoo.Storage.Crossbar;

/// <summary>What went wrong, so callers can branch without parsing strings.</summary>
public enum CrossbarErrorKind
{
    /// <summary>Any other answer.</summary>
    Other,

    /// <summary>
    /// HTTP 400: the document broke Kazoo's rules (<see cref="CrossbarException.ValidationErrors"/> says where), the
    /// settings probe failed (code <c>invalid</c>), or the request was malformed. Also local validation failures, which
    /// were never sent (<see cref="CrossbarException.IsLocal"/>).
    /// </summary>
    BadRequest,

    /// <summary>HTTP 401: no token, a bad or expired token (after one renewal), or bad login credentials.</summary>
    Unauthorized,

    /// <summary>HTTP 403: the caller may not use this scope.</summary>
    Forbidden,

    /// <summary>HTTP 404: no such document (<c>bad_identifier</c>), or the storage module is not running.</summary>
    NotFound,

    /// <summary>HTTP 409: the document exists (PUT) or changed meanwhile (<c>datastore_conflict</c>).</summary>
    Conflict,

    /// <summary>HTTP 429: Crossbar's rate limit.</summary>
    TooManyRequests,

    /// <summary>HTTP 5xx: Kazoo or its datastore failed (<c>datastore_unreachable</c>, <c>datastore_fault</c>).</summary>
    ServerError,

    /// <summary>No answer: the connection failed or was dropped.</summary>
    Transport,

    /// <summary>No answer in time (<see cref="KazooStorageClientOptions.AttemptTimeout"/> or <see cref="KazooStorageClientOptions.Timeout"/>).</summary>
    Timeout,

    /// <summary>An answer that is not Crossbar's JSON envelope.</summary>
    InvalidResponse,
}
