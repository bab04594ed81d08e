using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Crossbar;

/// <summary>
/// Options for <see cref="KazooStorageClient"/>. With dependency injection they come from
/// <c>services.AddKazooStorage(…)</c> (a delegate or a configuration section); otherwise pass them to the constructor.
/// </summary>
public sealed class KazooStorageClientOptions
{
    /// <summary>Crossbar's base address, e.g. <c>https://kazoo.example.com:8443/</c> (the routes start with <c>v2/</c>).</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>How to get a token: an API key, a user login, or a token obtained elsewhere.</summary>
    public CrossbarCredentials? Credentials { get; set; }

    /// <summary>
    /// How long a token lasts. The login answer carries no expiry, so the client assumes Kazoo's default
    /// (<c>token_auth_expiry_s</c>, 3600 s) and logs in again at 90 % of it; a 401 also triggers one renewal.
    /// </summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether documents are checked with the generated validators (precise errors) before every create, replace and
    /// patch. On by default: a failure throws <see cref="CrossbarException"/> with <see cref="CrossbarException.IsLocal"/>
    /// set, and nothing is sent.
    /// </summary>
    public bool ValidateBeforeSending { get; set; } = true;

    /// <summary>
    /// The rules for local validation: precise errors and Kazoo's default URL blacklist. Match the server's
    /// <c>kazoo_web</c> blacklist when it differs.
    /// </summary>
    public ValidationOptions Validation { get; set; } = ValidationOptions.Default;

    /// <summary>
    /// Sends <c>validate_settings=false</c> on writes to <c>/storage</c>, asking Kazoo to skip the settings probe (spec §6).
    /// Kazoo refuses with 400 <c>validate_settings.forbidden</c> unless an admin allowed overrides.
    /// </summary>
    public bool SkipSettingsProbe { get; set; }

    /// <summary>The longest a call may take, retries included. 100 s by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>The longest one attempt may take. 30 s by default (settings probes run inside the request).</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many times a GET is retried after a 5xx, 408, 429, a dropped connection or an attempt timeout; 3 by default, 0
    /// to turn retries off. PUT, POST, PATCH and DELETE are never retried (see the README's Resilience section).
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first retry's delay; later ones grow exponentially, with jitter. 500 ms by default.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many read-modify-write rounds <see cref="KazooStorageClient.UpdateAsync"/> tries when Kazoo answers 409. 5 by default.</summary>
    public int MaxUpdateAttempts { get; set; } = 5;

    /// <summary>The clock for token expiry (tests pass a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The innermost HTTP handler, instead of the client's own <see cref="SocketsHttpHandler"/>s: for tests, proxies or
    /// custom TLS. The client never disposes it.
    /// </summary>
    public HttpMessageHandler? Transport { get; set; }

    /// <summary>Checks the options; throws when one is missing or out of range.</summary>
    /// <exception cref="InvalidOperationException">An option is invalid; the message names it.</exception>
    public void Validate()
    {
        if (Endpoint is null || !Endpoint.IsAbsoluteUri)
        {
            throw new InvalidOperationException("KazooStorageClientOptions.Endpoint must be Crossbar's absolute base address, e.g. https://kazoo.example.com:8443/.");
        }

        if (Credentials is null)
        {
            throw new InvalidOperationException("KazooStorageClientOptions.Credentials must be set: an API key, a user login or a token.");
        }

        Positive(TokenLifetime, nameof(TokenLifetime));
        Positive(Timeout, nameof(Timeout));
        Positive(AttemptTimeout, nameof(AttemptTimeout));
        if (MaxRetries < 0)
        {
            throw new InvalidOperationException("KazooStorageClientOptions.MaxRetries must be 0 or more.");
        }

        if (RetryDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException("KazooStorageClientOptions.RetryDelay must not be negative.");
        }

        if (MaxUpdateAttempts < 1)
        {
            throw new InvalidOperationException("KazooStorageClientOptions.MaxUpdateAttempts must be 1 or more.");
        }

        if (Validation is null || TimeProvider is null)
        {
            throw new InvalidOperationException("KazooStorageClientOptions.Validation and TimeProvider must not be null.");
        }
    }

    /// <summary>A copy, so a client is not changed by later edits to the options it was given.</summary>
    internal KazooStorageClientOptions Clone() => (KazooStorageClientOptions)MemberwiseClone();

    private static void Positive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("KazooStorageClientOptions." + name + " must be positive.");
        }
    }
}
