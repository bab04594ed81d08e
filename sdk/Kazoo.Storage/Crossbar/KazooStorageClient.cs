using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Kazoo.Storage.Crossbar.Pipeline;
using Kazoo.Storage.Crossbar.Protocol;
using Kazoo.Storage.Models;
using Kazoo.Storage.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Refit;

namespace Kazoo.Storage.Crossbar;

/// <summary>
/// Reads and changes Kazoo storage documents and storage plans through Crossbar. Logs in and renews the token by itself,
/// validates documents before sending them, retries only what is safe to repeat, and reports every failure as a
/// <see cref="CrossbarException"/>. Thread-safe; make one per Crossbar endpoint and share it.
/// </summary>
/// <remarks>
/// <para>A client made with <c>new</c> owns the HTTP clients and the connection pool it creates: dispose it when done (a
/// <see cref="KazooStorageClientOptions.Transport"/> it was given stays the caller's). A client from
/// <c>AddKazooStorage</c> owns nothing: the container and <see cref="IHttpClientFactory"/> do.</para>
/// <para>Every member is virtual so tests can mock the client; <see cref="KazooStorageClient()"/> exists for that.</para>
/// </remarks>
public partial class KazooStorageClient : IDisposable, IAsyncDisposable
{
    private readonly ICrossbarStorageApi _api = null!;
    private readonly KazooStorageClientOptions _options = null!;
    private readonly ILogger _logger = NullLogger.Instance;
    private readonly ConcurrentDictionary<StorageScope, SemaphoreSlim> _updateLocks = new();
    private readonly IDisposable[] _owned = [];
    private int _disposed;

    /// <summary>Creates a client that talks to Crossbar at <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">Crossbar's base address, e.g. <c>https://kazoo.example.com:8443/</c>.</param>
    /// <param name="credentials">How to get a token.</param>
    /// <param name="options">Timeouts, retries, validation; the defaults when null. <see cref="KazooStorageClientOptions.Endpoint"/> and <see cref="KazooStorageClientOptions.Credentials"/> are taken from the parameters.</param>
    /// <param name="loggerFactory">Where to log; nothing is logged when null.</param>
    /// <exception cref="InvalidOperationException">An option is invalid.</exception>
    public KazooStorageClient(Uri endpoint, CrossbarCredentials credentials, KazooStorageClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(credentials);
        _options = (options ?? new KazooStorageClientOptions()).Clone();
        _options.Endpoint = endpoint;
        _options.Credentials = credentials;
        _options.Validate();
        _logger = loggerFactory?.CreateLogger<KazooStorageClient>() ?? (ILogger)NullLogger.Instance;

        var ownTransport = _options.Transport is null ? CrossbarPipeline.CreateTransport() : null;
        var transport = _options.Transport ?? ownTransport!;
        var resilience = CrossbarPipeline.CreateResilienceHandler(_options, retryWrites: false, loggerFactory);
        var settings = CrossbarJson.CreateRefitSettings();
        ICrossbarAuthApi? authApi = null;
        HttpClient? authHttp = null;
        if (credentials.CanRenew)
        {
            var loginResilience = CrossbarPipeline.CreateResilienceHandler(_options, retryWrites: true, loggerFactory);
            authHttp = new HttpClient(CrossbarPipeline.CreateChain(_logger, loginResilience, null, transport), disposeHandler: false);
            CrossbarPipeline.ConfigureHttpClient(authHttp, _options);
            authApi = RestService.ForGenerated<ICrossbarAuthApi>(authHttp, settings);
        }

        var tokens = new CrossbarTokenCache(credentials, authApi, _options.TokenLifetime, _options.TimeProvider, _logger);
        // The handlers are not disposed with the HTTP clients: a DelegatingHandler disposes its inner handler, and the
        // transport may be the caller's. The client disposes what it created: the HTTP clients and its own transport.
        var storageHttp = new HttpClient(CrossbarPipeline.CreateChain(_logger, resilience, tokens, transport), disposeHandler: false);
        CrossbarPipeline.ConfigureHttpClient(storageHttp, _options);
        _api = RestService.ForGenerated<ICrossbarStorageApi>(storageHttp, settings);
        _owned = new IDisposable?[] { storageHttp, authHttp, ownTransport }.OfType<IDisposable>().ToArray();
    }

    /// <summary>
    /// Creates a client over a Refit client whose pipeline already authenticates (what <c>AddKazooStorage</c> registers).
    /// </summary>
    /// <param name="api">The Refit client.</param>
    /// <param name="options">Validation and update options (endpoint, credentials and HTTP options are the pipeline's business).</param>
    /// <param name="logger">Where to log; nothing is logged when null.</param>
    internal KazooStorageClient(ICrossbarStorageApi api, KazooStorageClientOptions options, ILogger<KazooStorageClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _options = options.Clone();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>For mocking: a client whose members all throw until overridden.</summary>
    protected KazooStorageClient()
    {
    }

    /// <summary>Reads a storage document (<c>GET …/storage</c>). It holds the attachments' <c>_sig</c>s, which a later replace sends back.</summary>
    /// <param name="scope">Which document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document and the answer's metadata.</returns>
    /// <exception cref="CrossbarException">404 when there is none (<see cref="CrossbarException.IsNotFound"/>), or another failure.</exception>
    public virtual Task<CrossbarResponse<StorageDocument>> GetAsync(StorageScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return SendAsync(new Call(HttpMethod.Get, scope.Route), null, null, null, cancellationToken);
    }

    /// <summary>
    /// Reads a storage document (<c>GET …/storage</c>), or <see langword="null"/> when the scope has none: Kazoo's 404
    /// <c>bad_identifier</c>, which is also its answer for an account or user that does not exist. For "there may be
    /// none" without catching <see cref="CrossbarException"/>.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The document and the answer's metadata, or <see langword="null"/>.</returns>
    /// <exception cref="CrossbarException">Any other failure, including a 404 that is not <c>bad_identifier</c> (Crossbar without its storage module).</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>?> GetOrDefaultAsync(StorageScope scope, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(scope, cancellationToken).ConfigureAwait(false);
        }
        catch (CrossbarException missing) when (missing.IsNotFound && missing.CrossbarMessage == "bad_identifier")
        {
            return null;
        }
    }

    /// <summary>
    /// Creates a storage document (<c>PUT …/storage</c>). Kazoo probes each attachment backend (spec §6) before saving.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="document">The document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The saved document (201), with the <c>_sig</c>s Kazoo wrote.</returns>
    /// <exception cref="CrossbarException">
    /// 409 when the document exists (<see cref="CrossbarException.IsConflict"/>; see <see cref="CreateOrReplaceAsync"/>),
    /// 400 for validation errors (local ones are never sent: <see cref="CrossbarException.IsLocal"/>), or another failure.
    /// </exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> CreateAsync(StorageScope scope, StorageDocument document, CancellationToken cancellationToken = default) =>
        await SendDocumentAsync(scope, WriteCall(HttpMethod.Put, scope, static s => s.Route, document), Serialize(document), ValidateSettingsQuery, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Replaces a storage document's public content (<c>POST …/storage</c>); keys left out are dropped. Send the
    /// <c>_sig</c>s back (documents read with <see cref="GetAsync"/> keep them) or Kazoo probes the backends again.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="document">The whole new document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The saved document.</returns>
    /// <exception cref="CrossbarException">404 when there is none, 400 for validation errors, or another failure.</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> ReplaceAsync(StorageScope scope, StorageDocument document, CancellationToken cancellationToken = default) =>
        await SendDocumentAsync(scope, WriteCall(HttpMethod.Post, scope, static s => s.Route, document), Serialize(document), ValidateSettingsQuery, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Deep-merges a patch into a storage document (<c>PATCH …/storage</c>). Kazoo applies <c>null</c> as a removal and
    /// writes the merged document with its keys re-sorted, which changes the <c>_sig</c>s: the first PATCH after a
    /// create or replace probes every backend again.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="patch">The patch (see <see cref="StoragePatch.Between"/> and <see cref="StoragePatchBuilder"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The merged, saved document.</returns>
    /// <exception cref="CrossbarException">404 when there is none, 400 for validation errors, or another failure.</exception>
    public virtual async Task<CrossbarResponse<StorageDocument>> PatchAsync(StorageScope scope, StoragePatch patch, CancellationToken cancellationToken = default) =>
        await SendPatchAsync(scope, WriteCall(HttpMethod.Patch, scope, static s => s.Route, patch), patch, ValidateSettingsQuery, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Creates a storage document from its JSON text (<c>PUT …/storage</c>), sent byte for byte as given: white space,
    /// member order and repeated member names included, and values the records could not hold (a number where a string
    /// belongs), for Kazoo to judge. Checked locally first, as <see cref="CreateAsync"/> checks a record, unless
    /// <see cref="KazooStorageClientOptions.ValidateBeforeSending"/> is off.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="utf8Json">The document: one JSON value in UTF-8, without a byte order mark. It is not copied: leave it unchanged until the call ends.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The saved document (201), with the <c>_sig</c>s Kazoo wrote.</returns>
    /// <exception cref="ArgumentException"><paramref name="utf8Json"/> is not JSON (the message says where, never what).</exception>
    /// <exception cref="CrossbarException">
    /// 409 when the document exists, 400 for validation errors (local ones are never sent: <see cref="CrossbarException.IsLocal"/>;
    /// Kazoo's come with <see cref="CrossbarException.ValidationErrors"/>), or another failure.
    /// </exception>
    public virtual Task<CrossbarResponse<StorageDocument>> CreateFromJsonAsync(StorageScope scope, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default) =>
        SendJsonAsync(scope, HttpMethod.Put, utf8Json, cancellationToken);

    /// <summary>
    /// Replaces a storage document's public content with its JSON text (<c>POST …/storage</c>), sent byte for byte as
    /// given (see <see cref="CreateFromJsonAsync"/>); keys left out are dropped.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="utf8Json">The whole new document: one JSON value in UTF-8, without a byte order mark. It is not copied: leave it unchanged until the call ends.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The saved document.</returns>
    /// <exception cref="ArgumentException"><paramref name="utf8Json"/> is not JSON.</exception>
    /// <exception cref="CrossbarException">404 when there is none, 400 for validation errors, or another failure.</exception>
    public virtual Task<CrossbarResponse<StorageDocument>> ReplaceFromJsonAsync(StorageScope scope, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default) =>
        SendJsonAsync(scope, HttpMethod.Post, utf8Json, cancellationToken);

    /// <summary>
    /// Deep-merges a patch given as JSON text into a storage document (<c>PATCH …/storage</c>), sent byte for byte as
    /// given. Checked locally first as <see cref="StoragePatch"/>es are, unless <see cref="KazooStorageClientOptions.ValidateBeforeSending"/> is off.
    /// </summary>
    /// <param name="scope">Which document.</param>
    /// <param name="utf8Json">The patch: a JSON object in UTF-8 (<c>null</c> removes a key). It is not copied: leave it unchanged until the call ends.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The merged, saved document.</returns>
    /// <exception cref="ArgumentException"><paramref name="utf8Json"/> is not JSON, or (checked locally) not an object.</exception>
    /// <exception cref="CrossbarException">404 when there is none, 400 for validation errors, or another failure.</exception>
    public virtual Task<CrossbarResponse<StorageDocument>> PatchFromJsonAsync(StorageScope scope, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken = default) =>
        SendJsonAsync(scope, HttpMethod.Patch, utf8Json, cancellationToken);

    /// <summary>Deletes a storage document for good (<c>DELETE …/storage</c>). Never retried: see the README's Resilience section.</summary>
    /// <param name="scope">Which document.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The deleted document (with <c>_read_only.deleted</c> in its extension data).</returns>
    /// <exception cref="CrossbarException">404 when there is none, or another failure.</exception>
    public virtual Task<CrossbarResponse<StorageDocument>> DeleteAsync(StorageScope scope, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return SendAsync(new Call(HttpMethod.Delete, scope.Route), null, null, null, cancellationToken);
    }

    /// <summary>Disposes what a client made with <c>new</c> created: its HTTP clients and connection pool. Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>As <see cref="Dispose()"/>: nothing the client owns needs to be disposed asynchronously.</summary>
    /// <returns>A completed task.</returns>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Disposes what the client created, once.</summary>
    /// <param name="disposing">Whether this is <see cref="Dispose()"/> (not a finalizer).</param>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var owned in _owned)
            {
                owned.Dispose();
            }
        }
    }

    /// <summary><c>"false"</c> when the options ask Kazoo to skip the settings probe; nothing otherwise (and never for plans).</summary>
    private string? ValidateSettingsQuery => _options.SkipSettingsProbe ? "false" : null;

    /// <summary>
    /// The call that writes <paramref name="body"/> (a document, a plan or a patch) to a route of <paramref name="scope"/>,
    /// once both are checked. The public writes evaluate it inside their tasks, so a null argument fails the task.
    /// </summary>
    private static Call WriteCall(HttpMethod method, StorageScope scope, Func<StorageScope, string> route, object body, [CallerArgumentExpression(nameof(body))] string? bodyName = null)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(body, bodyName);
        return new Call(method, route(scope));
    }

    /// <summary>A document's JSON, written once: these bytes are what is validated and what is sent.</summary>
    private static byte[] Serialize(StorageDocument document) =>
        JsonSerializer.SerializeToUtf8Bytes(document, CrossbarJson.GetTypeInfo<StorageDocument>());

    /// <summary>Sends a whole document's JSON, checked first unless <see cref="KazooStorageClientOptions.ValidateBeforeSending"/> is off.</summary>
    private Task<CrossbarResponse<StorageDocument>> SendDocumentAsync(StorageScope scope, Call call, ReadOnlyMemory<byte> utf8Json, string? validateSettings, CancellationToken cancellationToken)
    {
        Validate(scope, utf8Json.Span, call);
        return SendAsync(call, utf8Json, validateSettings, null, cancellationToken);
    }

    /// <summary>Sends a patch's JSON (the text it holds, as it is), checked first unless validation is off.</summary>
    private Task<CrossbarResponse<StorageDocument>> SendPatchAsync(StorageScope scope, Call call, StoragePatch patch, string? validateSettings, CancellationToken cancellationToken)
    {
        Validate(scope, patch, call);
        return SendAsync(call, JsonMarshal.GetRawUtf8Value(patch.Body).ToArray(), validateSettings, null, cancellationToken);
    }

    /// <summary>Sends a document's or a patch's JSON text as it is, checked first unless validation is off.</summary>
    private async Task<CrossbarResponse<StorageDocument>> SendJsonAsync(StorageScope scope, HttpMethod method, ReadOnlyMemory<byte> utf8Json, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (NotJson.Find(utf8Json.Span, nameof(utf8Json)) is { } notJson)
        {
            // The message says where the text stops being JSON, never what it holds.
            throw new ArgumentException(notJson.Message, nameof(utf8Json));
        }

        var call = new Call(method, scope.Route);
        if (method != HttpMethod.Patch)
        {
            return await SendDocumentAsync(scope, call, utf8Json, ValidateSettingsQuery, cancellationToken).ConfigureAwait(false);
        }

        if (_options.ValidateBeforeSending)
        {
            using var patch = JsonDocument.Parse(utf8Json);
            if (patch.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException("A PATCH body is a JSON object, not " + patch.RootElement.ValueKind + ".", nameof(utf8Json));
            }

            Validate(scope, StoragePatch.FromJson(patch.RootElement), call);
        }

        return await SendAsync(call, utf8Json, ValidateSettingsQuery, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Throws the local validation errors of a whole document, if any, unless validation is off.</summary>
    private void Validate(StorageScope scope, ReadOnlySpan<byte> utf8Json, Call call)
    {
        // The verdict first: it builds no error and stops at the first failure; the error walk only when it fails.
        if (_options.ValidateBeforeSending && !StorageDocument.Validator.IsValid(utf8Json, _options.Validation) && StorageDocument.Validator.Validate(utf8Json, _options.Validation) is { IsValid: false } errors)
        {
            CrossbarLog.LocalValidationFailed(_logger, scope, errors.Count);
            throw CrossbarErrors.LocalValidation(errors, call.ToString());
        }
    }

    private void Validate(StorageScope scope, StoragePatch patch, Call call)
    {
        if (!_options.ValidateBeforeSending)
        {
            return;
        }

        var errors = patch.Validate(_options.Validation);
        if (!errors.IsValid)
        {
            CrossbarLog.LocalValidationFailed(_logger, scope, errors.Count);
            throw CrossbarErrors.LocalValidation(errors, call.ToString());
        }
    }

    /// <summary>Sends one call that answers with a document: the route's verb, the JSON body if any, in the request envelope.</summary>
    private Task<CrossbarResponse<StorageDocument>> SendAsync(Call call, ReadOnlyMemory<byte>? utf8Json, string? validateSettings, string? notFoundHint, CancellationToken cancellationToken) =>
        SendAsync(call, ct => call.Method.Method switch
        {
            "GET" => _api.GetAsync(call.Route, ct),
            "DELETE" => _api.DeleteAsync(call.Route, ct),
            "PUT" => _api.PutAsync(call.Route, new CrossbarDataContent(utf8Json!.Value), validateSettings, ct),
            "POST" => _api.PostAsync(call.Route, new CrossbarDataContent(utf8Json!.Value), validateSettings, ct),
            _ => _api.PatchAsync(call.Route, new CrossbarDataContent(utf8Json!.Value), validateSettings, ct),
        }, notFoundHint, cancellationToken);

    /// <summary>Sends one Crossbar call and turns its outcome into a response or a <see cref="CrossbarException"/> that names the call.</summary>
    private async Task<CrossbarResponse<T>> SendAsync<T>(
        Call call,
        Func<CancellationToken, Task<IApiResponse<CrossbarEnvelope<T>>>> send,
        string? notFoundHint,
        CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        IApiResponse<CrossbarEnvelope<T>> response;
        try
        {
            response = await send(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception) when (exception is not CrossbarException)
        {
            throw CrossbarErrors.FromException(exception, call.ToString());
        }

        using (response)
        {
            if (response.Error is ApiRequestException requestError)
            {
                if (requestError.InnerException is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(requestError.InnerException.Message, requestError.InnerException, cancellationToken);
                }

                throw CrossbarErrors.FromException(requestError, call.ToString());
            }

            if (!response.IsSuccessStatusCode || response.Error is not null)
            {
                throw CrossbarErrors.FromResponse(response, call.ToString(), notFoundHint);
            }

            if (response.Content is not { Data: { } data } envelope)
            {
                throw CrossbarErrors.MissingData(response, call.ToString());
            }

            return new CrossbarResponse<T>(data)
            {
                Status = response.StatusCode ?? System.Net.HttpStatusCode.OK,
                Revision = envelope.Revision,
                RequestId = CrossbarErrors.RequestIdOf(response, envelope.RequestId),
                Node = envelope.Node,
                Version = envelope.Version,
                Timestamp = CrossbarResponse<T>.ParseTimestamp(envelope.Timestamp),
                Tokens = envelope.Tokens,
                PageSize = envelope.PageSize,
                NextStartKey = envelope.NextStartKey is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } next ? next : null,
            };
        }
    }

    /// <summary>
    /// One request: its verb and its route relative to Crossbar's base address. The request is made from it, and errors
    /// name the call by it (<c>PUT /v2/accounts/{id}/storage</c>), so the label is always the route that was asked.
    /// </summary>
    private readonly record struct Call(HttpMethod Method, string Route)
    {
        public override string ToString() => Method.Method + " /" + Route;
    }
}
