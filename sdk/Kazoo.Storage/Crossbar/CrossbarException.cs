using System.Net;
using System.Text.Json;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Crossbar;

/// <summary>
/// A Crossbar call failed: Kazoo answered with an error, no answer came, or the document failed local validation and was
/// not sent. <see cref="Kind"/> and the <c>Is…</c> properties tell the cases apart without parsing text. Messages never
/// hold tokens, API keys, passwords or backend secrets.
/// </summary>
public class CrossbarException : Exception
{
    /// <summary>Creates an exception for an answer with this status, e.g. to throw from a mocked <see cref="KazooStorageClient"/>.</summary>
    /// <param name="message">The message.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="error">Crossbar's <c>error</c> (the status as text).</param>
    /// <param name="crossbarMessage">Crossbar's <c>message</c>, e.g. <c>bad_identifier</c>.</param>
    /// <param name="requestId">The request's id.</param>
    /// <param name="validationErrors">The errors of a 400 answer.</param>
    /// <param name="innerException">The cause, if any.</param>
    public CrossbarException(
        string message,
        HttpStatusCode statusCode,
        string? error = null,
        string? crossbarMessage = null,
        string? requestId = null,
        ValidationErrors? validationErrors = null,
        Exception? innerException = null)
        : this(KindOf(statusCode), message, statusCode, error, crossbarMessage, requestId, validationErrors, null, false, innerException)
    {
    }

    internal CrossbarException(
        CrossbarErrorKind kind,
        string message,
        HttpStatusCode statusCode,
        string? error,
        string? crossbarMessage,
        string? requestId,
        ValidationErrors? validationErrors,
        JsonElement? details,
        bool isLocal,
        Exception? innerException)
        : base(message, innerException)
    {
        Kind = kind;
        StatusCode = statusCode;
        Error = error;
        CrossbarMessage = crossbarMessage;
        RequestId = requestId;
        ValidationErrors = validationErrors ?? ValidationErrors.None;
        Details = details;
        IsLocal = isLocal;
    }

    /// <summary>What went wrong.</summary>
    public CrossbarErrorKind Kind { get; }

    /// <summary>The HTTP status Kazoo answered with; 400 for local validation; 0 when no answer came.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Crossbar's <c>error</c>: the HTTP status as text (<c>"404"</c>); null when there was no Crossbar answer.</summary>
    public string? Error { get; }

    /// <summary>Crossbar's <c>message</c>: a short code or text (<c>bad_identifier</c>, <c>validation error</c>, <c>invalid credentials</c>…).</summary>
    public string? CrossbarMessage { get; }

    /// <summary>The request's id (the envelope's <c>request_id</c>, else the one the client sent as <c>X-Request-ID</c>).</summary>
    public string? RequestId { get; }

    /// <summary>
    /// For a 400 (or local validation): the errors in Crossbar's shape (dotted path → code → detail); empty otherwise.
    /// Secret values in the server's details are masked.
    /// </summary>
    public ValidationErrors ValidationErrors { get; }

    /// <summary>Crossbar's <c>data</c> for an error, with secret values masked; null when there was none.</summary>
    public JsonElement? Details { get; }

    /// <summary>Whether the document failed the client's own validation and nothing was sent.</summary>
    public bool IsLocal { get; }

    /// <summary>Whether this is a 400: validation errors (see <see cref="ValidationErrors"/>), a failed settings probe or a malformed request.</summary>
    public bool IsBadRequest => Kind == CrossbarErrorKind.BadRequest;

    /// <summary>Whether this is a 401: bad login credentials, or a token refused even after one renewal.</summary>
    public bool IsUnauthorized => Kind == CrossbarErrorKind.Unauthorized;

    /// <summary>Whether this is a 403: the caller may not use this scope.</summary>
    public bool IsForbidden => Kind == CrossbarErrorKind.Forbidden;

    /// <summary>Whether this is a 404: no such document, or the storage module is not running.</summary>
    public bool IsNotFound => Kind == CrossbarErrorKind.NotFound;

    /// <summary>Whether this is a 409: the document already exists (create) or changed meanwhile.</summary>
    public bool IsConflict => Kind == CrossbarErrorKind.Conflict;

    internal static CrossbarErrorKind KindOf(HttpStatusCode statusCode) => (int)statusCode switch
    {
        400 => CrossbarErrorKind.BadRequest,
        401 => CrossbarErrorKind.Unauthorized,
        403 => CrossbarErrorKind.Forbidden,
        404 => CrossbarErrorKind.NotFound,
        409 => CrossbarErrorKind.Conflict,
        429 => CrossbarErrorKind.TooManyRequests,
        >= 500 and <= 599 => CrossbarErrorKind.ServerError,
        _ => CrossbarErrorKind.Other,
    };
}
