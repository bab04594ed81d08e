using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Testing.Http;
using Kazoo.Storage.Testing.Json;

namespace Kazoo.Storage.Testing;

/// <summary>
/// A loopback emulator of Kazoo's Crossbar storage API for tests: the storage routes (system, account, user and plans), the
/// logins (<c>api_auth</c>, <c>user_auth</c>) and token calls, Kazoo's validation errors, the settings probe with
/// <c>_sig</c>, Kazoo's documented quirks (see <see cref="CrossbarEmulatorOptions"/>) and fault injection. Data lives in
/// memory; each instance is independent and listens on its own free port on 127.0.0.1.
/// </summary>
/// <example>
/// <code>
/// await using var crossbar = await CrossbarEmulator.StartAsync();
/// var account = crossbar.AddAccount("Acme");
/// using var http = new HttpClient { BaseAddress = crossbar.BaseAddress };
/// // PUT v2/api_auth {"data":{"api_key": account.ApiKey}} → auth_token; then PUT v2/accounts/{account.Id}/storage …
/// </code>
/// </example>
public sealed class CrossbarEmulator : IAsyncDisposable
{
    private readonly LoopbackServer _server;
    private readonly EmulatorState _state;
    private int _disposed;

    private CrossbarEmulator(LoopbackServer server, EmulatorState state)
    {
        _server = server;
        _state = state;
    }

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:45123/</c>; the routes are under <c>v2/</c>.</summary>
    public Uri BaseAddress => _server.BaseAddress;

    /// <summary>The options the emulator was started with.</summary>
    public CrossbarEmulatorOptions Options => _state.Options;

    /// <summary>The master account, created at start: the super-duper admin, a reseller, root of every other account.</summary>
    public string MasterAccountId => _state.Directory.Master.Id;

    /// <summary>The master account's API key (64 hex characters): <c>PUT /v2/api_auth</c> with it gives a super-duper admin token.</summary>
    public string MasterApiKey => _state.Directory.Master.ApiKey;

    /// <summary>Faults for the next requests (dropped connections, error answers, delays).</summary>
    public FaultInjector Faults => _state.Faults;

    /// <summary>How many requests the emulator has received, faulted ones included.</summary>
    public int RequestCount => _state.RequestCount;

    /// <summary>Starts an emulator on a free port of 127.0.0.1.</summary>
    /// <param name="options">How it behaves; Kazoo's own behaviour when null.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running emulator; dispose it to stop it.</returns>
    public static async Task<CrossbarEmulator> StartAsync(CrossbarEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new CrossbarEmulatorOptions();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.TokenLifetime, TimeSpan.Zero, nameof(options));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options));
        ArgumentNullException.ThrowIfNull(options.Validation, nameof(options));

        var state = new EmulatorState(options);
        // The application applies its own body limit and answers as Crossbar does (CrossbarRequest.MaxBodyBytes).
        var server = await LoopbackServer.StartAsync(new CrossbarApplication(state).HandleAsync, cancellationToken).ConfigureAwait(false);
        return new CrossbarEmulator(server, state);
    }

    /// <summary>Adds an account.</summary>
    /// <param name="name">Its name (logins compare names as Kazoo does: lowercase letters and digits only).</param>
    /// <param name="parentAccountId">Its parent; the master account when null.</param>
    /// <param name="isReseller">Whether it is a reseller (and so has <c>/storage/plans</c>).</param>
    /// <exception cref="ArgumentException">The parent does not exist.</exception>
    public EmulatedAccount AddAccount(string name, string? parentAccountId = null, bool isReseller = false) =>
        _state.Directory.AddAccount(name, parentAccountId, isReseller);

    /// <summary>Adds a user to an account, with the MD5 and SHA-1 credential hashes Kazoo keeps.</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="username">The user name (stored lowercased).</param>
    /// <param name="password">The password.</param>
    /// <param name="isAdmin">Whether the user is an account admin.</param>
    /// <exception cref="ArgumentException">The account does not exist.</exception>
    /// <exception cref="InvalidOperationException">The account already has a user with that name.</exception>
    public EmulatedUser AddUser(string accountId, string username, string password, bool isAdmin = false) =>
        _state.Directory.AddUser(accountId, username, password, isAdmin);

    /// <summary>Assigns a phone number to an account, for <c>PUT /v2/user_auth</c> with <c>phone_number</c> (digits are compared).</summary>
    /// <param name="accountId">The account.</param>
    /// <param name="phoneNumber">The number, e.g. <c>+14155550100</c>.</param>
    public void AddPhoneNumber(string accountId, string phoneNumber) => _state.Directory.AddPhoneNumber(accountId, phoneNumber);

    /// <summary>
    /// Issues a token as a login would, without a request (so <see cref="RequestCount"/> is untouched): for the account's
    /// API key when <paramref name="userId"/> is null, else for that user.
    /// </summary>
    /// <param name="accountId">The account.</param>
    /// <param name="userId">A user of the account, or null.</param>
    /// <returns>The token, for the <c>X-Auth-Token</c> header.</returns>
    public string IssueToken(string accountId, string? userId = null)
    {
        if (_state.Directory.FindAccount(accountId) is null)
        {
            throw new ArgumentException("No account has the id '" + accountId + "'.", nameof(accountId));
        }

        if (userId is not null && _state.Directory.FindUser(userId)?.AccountId != accountId)
        {
            throw new ArgumentException("The account has no user with the id '" + userId + "'.", nameof(userId));
        }

        return _state.Tokens.Issue(accountId, userId, userId is null ? "cb_api_auth" : "cb_user_auth").Token;
    }

    /// <summary>
    /// Sets the stand-in for Kazoo's settings probe for one handler kind (<c>s3</c>, <c>http</c>, <c>google_drive</c>, …),
    /// replacing any earlier one. Kinds without a probe pass.
    /// </summary>
    /// <param name="handlerKind">The attachment entry's <c>handler</c> value.</param>
    /// <param name="probe">The probe.</param>
    public void RegisterProbe(string handlerKind, SettingsProbe probe)
    {
        ArgumentNullException.ThrowIfNull(handlerKind);
        ArgumentNullException.ThrowIfNull(probe);
        _state.Probes.Register(handlerKind, (attachmentId, entry, _, cancellationToken) => probe(attachmentId, entry, cancellationToken));
    }

    /// <summary>
    /// Makes a real handler the settings probe for its kind (<see cref="IAttachmentHandler.Kind"/>), replacing any earlier
    /// probe: each new or changed entry of that kind is read into its generated record and probed with
    /// <see cref="AttachmentProbe"/> (see <see cref="AttachmentHandlerProbe"/>). The handler for an entry is picked as the
    /// SDK's <see cref="AttachmentStore"/> picks it (<see cref="AttachmentHandlerSet"/>), so any kind a handler serves is
    /// probed. The test file is named as Kazoo names it for the request's account (its current-month MODB on
    /// <see cref="CrossbarEmulatorOptions.TimeProvider"/>'s clock), or <c>system_data</c> for <c>/v2/storage</c>. An
    /// <c>http</c> backend on loopback also needs the URL blacklist relaxed (<see cref="CrossbarEmulatorOptions.Validation"/>).
    /// </summary>
    /// <param name="handler">The handler.</param>
    public void RegisterProbe(IAttachmentHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        _state.Probes.Register(handler);
    }

    /// <summary>
    /// Makes each handler the settings probe for its kind (see <see cref="RegisterProbe(IAttachmentHandler)"/>), e.g. every
    /// handler an application registers: <c>crossbar.RegisterProbes(provider.GetServices&lt;IAttachmentHandler&gt;())</c>.
    /// </summary>
    /// <param name="handlers">The handlers, in registration order (for a kind, the last one wins).</param>
    public void RegisterProbes(IEnumerable<IAttachmentHandler> handlers)
    {
        ArgumentNullException.ThrowIfNull(handlers);
        foreach (var handler in handlers)
        {
            RegisterProbe(handler);
        }
    }

    /// <summary>Makes every token issued so far invalid: its next use gets 401 <c>invalid credentials</c>.</summary>
    public void ExpireAllTokens() => _state.Tokens.RevokeAll();

    /// <summary>The raw stored document in <c>system_data</c> (with <c>_id</c>, <c>_rev</c> and <c>pvt_*</c>), or null.</summary>
    /// <param name="documentId"><c>system</c>, an account id, a user id or a plan id.</param>
    public JsonElement? GetStoredDocument(string documentId) =>
        _state.Store.Get(documentId) is { } document ? JsonText.ToElement(document) : null;

    /// <summary>How many requests with this method arrived for paths starting with <paramref name="pathPrefix"/>.</summary>
    /// <param name="method">The HTTP method, any case.</param>
    /// <param name="pathPrefix">
    /// The start of the path, e.g. <c>/v2/accounts/</c> or <c>v2/accounts/</c> (the leading <c>/</c> is optional; ordinal
    /// comparison; the query string is not part of the path).
    /// </param>
    public int CountRequests(string method, string pathPrefix) => _state.CountRequests(method, pathPrefix);

    /// <summary>Stops the emulator: requests in flight are cancelled and the port is released.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _state.Stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _state.Stopping.Dispose();
        }
    }
}
