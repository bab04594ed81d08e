namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// The options every server command shares (<c>get</c>, <c>put</c>, <c>replace</c>, <c>patch</c>, <c>delete</c>): where
/// Crossbar is, how to log in, which storage document. Each falls back to an environment variable, so credentials need
/// not appear on the command line (where other users of the machine can see them). <c>attachment</c> takes only where
/// Crossbar is and how to log in (<see cref="AddLoginTo"/>): it reads the documents its attachment's plan needs.
/// </summary>
internal sealed class CrossbarConnection(bool writes)
{
    public const string ServerVariable = "KAZOO_SERVER";
    public const string AccountVariable = "KAZOO_ACCOUNT_ID";
    public const string UserVariable = "KAZOO_USER_ID";
    public const string ApiKeyVariable = "KAZOO_API_KEY";
    public const string UsernameVariable = "KAZOO_USERNAME";
    public const string PasswordVariable = "KAZOO_PASSWORD";
    public const string AccountNameVariable = "KAZOO_ACCOUNT_NAME";
    public const string TokenVariable = "KAZOO_AUTH_TOKEN";

    private readonly Option<string?> _server = CliOptions.Value("--server", "Crossbar's base URL, e.g. https://kazoo.example.com:8443", "URL", ServerVariable);
    private readonly Option<string?> _apiKey = CliOptions.Value("--api-key", "Log in with an account's API key", "KEY", ApiKeyVariable);
    private readonly Option<string?> _username = CliOptions.Value("--username", "Log in as this user (with --password and --account-name)", "NAME", UsernameVariable);
    private readonly Option<string?> _password = CliOptions.Value("--password", "The user's password; prefer the environment variable", "PASSWORD", PasswordVariable);
    private readonly Option<string?> _accountName = CliOptions.Value("--account-name", "The name of the user's account", "NAME", AccountNameVariable);
    private readonly Option<string?> _token = CliOptions.Value("--token", "An auth token obtained elsewhere (cannot be renewed)", "TOKEN", TokenVariable);
    private readonly Option<TimeSpan?> _timeout = TimeoutOption.Create("Crossbar's answer");
    private readonly Option<string?> _account = CliOptions.Value("--account", "The account whose storage document to use", "ID", AccountVariable);
    private readonly Option<string?> _user = CliOptions.Value("--user", "A user of that account: use the user's storage document", "ID", UserVariable);
    private readonly Option<bool> _system = CliOptions.Flag("--system", "Use the system storage document (/v2/storage; super-duper admin only).");
    private readonly Option<bool> _noValidate = CliOptions.Flag("--no-validate", "Send the document's bytes as read, without validating them locally first; Kazoo judges them.");

    /// <summary>Adds the shared options to a command.</summary>
    /// <param name="command">The command.</param>
    /// <param name="writes">Whether it sends a document (adds <c>--no-validate</c>).</param>
    public static CrossbarConnection AddTo(Command command, bool writes)
    {
        var connection = AddLogin(command, new CrossbarConnection(writes));
        command.AddOptions([
            connection._account, connection._user, connection._system, .. writes ? [connection._noValidate] : Array.Empty<Option>(),
            CliOptions.ShowSecrets("backend secrets"), CliOptions.Json("Print the answer (or the error) as JSON.")]);
        return connection;
    }

    /// <summary>Adds where Crossbar is, how to log in and <c>--timeout</c>, without a scope or output options.</summary>
    /// <param name="command">The command.</param>
    public static CrossbarConnection AddLoginTo(Command command) => AddLogin(command, new CrossbarConnection(writes: false));

    /// <summary>Whether Crossbar was named, on the command line or in the environment.</summary>
    public bool HasServer(ParseResult parse, CliContext context) => Read(parse, _server, context, ServerVariable) is not null;

    /// <summary>Whether <c>--server</c> was given on the command line (not only in the environment).</summary>
    public bool ServerGiven(ParseResult parse) => parse.GetValue(_server) is not null;

    /// <summary>The client, the scope (the system document for a command without one, until it picks one) and the limits for this run.</summary>
    /// <exception cref="CliException">Something needed is missing or malformed (exit 2); the message names the option or variable.</exception>
    public CrossbarSession Open(ParseResult parse, CliContext context, bool withScope = true)
    {
        var server = Read(parse, _server, context, ServerVariable)
            ?? throw new CliException($"Which server? Give --server URL or set {ServerVariable}.");
        var endpoint = ParseServer(server);
        var scope = withScope ? Scope(parse, context) : StorageScope.System;
        var credentials = Credentials(parse, context);
        var timeout = TimeoutOption.ValueOf(parse, _timeout);
        var validate = !writes || !parse.GetValue(_noValidate);
        var client = new KazooStorageClient(endpoint, credentials, new KazooStorageClientOptions
        {
            ValidateBeforeSending = validate,
            // One bound for the whole call, as --timeout promises: each attempt may use all of it.
            Timeout = timeout,
            AttemptTimeout = timeout,
        });
        return new CrossbarSession(client, scope, endpoint, timeout) { SendAsRead = !validate };
    }

    private static CrossbarConnection AddLogin(Command command, CrossbarConnection connection)
    {
        command.AddOptions(connection._server, connection._apiKey, connection._username, connection._password, connection._accountName, connection._token, connection._timeout);
        return connection;
    }

    /// <summary>A value from the command line, else from the environment, with where it came from; null when neither has it.</summary>
    private static Setting? Read(ParseResult parse, Option<string?> option, CliContext context, string variable) =>
        Given(parse, option) ?? FromEnvironment(context, variable);

    /// <summary>A value from the environment, or null.</summary>
    private static Setting? FromEnvironment(CliContext context, string variable) =>
        context.Environment(variable) is { } set ? new Setting(set, variable) : null;

    /// <summary>A value from the command line, or null.</summary>
    private static Setting? Given(ParseResult parse, Option<string?> option) =>
        parse.GetValue(option) is { } given ? new Setting(given, option.Name) : null;

    private static Uri ParseServer(Setting server)
    {
        if (!Uri.TryCreate(server.Value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"{server.Source} must be an http or https URL, such as https://kazoo.example.com:8443 (got '{SecretMask.MaskText(server.Value)}').");
        }

        // Accept Crossbar's API root too: the client adds v2/ itself.
        var path = uri.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v2", StringComparison.Ordinal))
        {
            path = path[..^3];
        }

        return new UriBuilder(uri) { Path = path + "/", Query = string.Empty, Fragment = string.Empty }.Uri;
    }

    private StorageScope Scope(ParseResult parse, CliContext context)
    {
        if (parse.GetValue(_system))
        {
            if (parse.GetValue(_account) is not null || parse.GetValue(_user) is not null)
            {
                throw new CliException("--system names the system document; leave out --account and --user.");
            }

            return StorageScope.System;
        }

        var account = Read(parse, _account, context, AccountVariable)
            ?? throw new CliException($"Which storage document? Give --account ID (or set {AccountVariable}), optionally with --user ID, or --system.");
        // A user from the environment belongs to the account from the environment, not to one given on the command line.
        var user = account.Source == AccountVariable ? Read(parse, _user, context, UserVariable) : Given(parse, _user);
        return user is null ? StorageScope.Account(Id(account)) : StorageScope.User(Id(account), Id(user.Value));
    }

    private static string Id(Setting id) =>
        InputRules.IsKazooId(id.Value) ? id.Value : throw new CliException(InputRules.NotAKazooId(id.Source, id.Value));

    private CrossbarCredentials Credentials(ParseResult parse, CliContext context)
    {
        // The command line wins over the environment: the way to log in comes from the environment only when the command
        // line gives none. Either way there is one way, the rule the SDK applies to its configuration too.
        var apiKey = Given(parse, _apiKey);
        var username = Given(parse, _username);
        var password = Given(parse, _password);
        var token = Given(parse, _token);
        if (apiKey is null && username is null && token is null)
        {
            apiKey = FromEnvironment(context, ApiKeyVariable);
            username = FromEnvironment(context, UsernameVariable);
            token = FromEnvironment(context, TokenVariable);
            password ??= FromEnvironment(context, PasswordVariable);
        }

        if (CrossbarCredentials.FindConflict(apiKey?.Source, username?.Source, password?.Source, token?.Source) is { } conflict)
        {
            throw new CliException(conflict);
        }

        if (apiKey is { } apiKeySetting)
        {
            return CrossbarCredentials.FromApiKey(NotBlank(apiKeySetting));
        }

        if (username is { } user)
        {
            var userPassword = password ?? FromEnvironment(context, PasswordVariable)
                ?? throw new CliException($"{user.Source} needs a password: set {PasswordVariable} (or give --password).");
            var accountName = Read(parse, _accountName, context, AccountNameVariable)
                ?? throw new CliException($"{user.Source} needs the account's name: --account-name NAME or {AccountNameVariable}.");
            return CrossbarCredentials.FromUser(NotBlank(user), NotEmpty(userPassword), NotBlank(accountName));
        }

        if (token is { } tokenSetting)
        {
            return CrossbarCredentials.FromToken(NotBlank(tokenSetting));
        }

        throw new CliException(
            $"How to log in? Give --api-key (or set {ApiKeyVariable}), or --username with --password and --account-name "
            + $"({UsernameVariable}, {PasswordVariable}, {AccountNameVariable}), or --token ({TokenVariable}).");
    }

    // The SDK refuses blank credentials with .NET's argument text; say it the CLI's way, naming where the value came from.
    private static string NotBlank(Setting setting) =>
        string.IsNullOrWhiteSpace(setting.Value) ? throw new CliException(InputRules.Empty(setting.Source)) : setting.Value;

    // A password may be blank, as the SDK allows, but not empty.
    private static string NotEmpty(Setting setting) =>
        setting.Value.Length == 0 ? throw new CliException(InputRules.Empty(setting.Source)) : setting.Value;

    /// <summary>A value and where it came from: an option's name or an environment variable's.</summary>
    private readonly record struct Setting(string Value, string Source);
}

/// <summary>A connected run of a server command.</summary>
/// <param name="Client">The Crossbar client.</param>
/// <param name="Scope">Which storage document.</param>
/// <param name="Endpoint">The server, for messages.</param>
/// <param name="Timeout">How long the client waits for an answer (<c>--timeout</c>), for messages.</param>
internal sealed record CrossbarSession(KazooStorageClient Client, StorageScope Scope, Uri Endpoint, TimeSpan Timeout) : IDisposable
{
    /// <summary>Disposes the client, which this run made.</summary>
    public void Dispose() => Client.Dispose();

    /// <summary>Whether documents go to Kazoo byte for byte as read, for Kazoo to judge (<c>--no-validate</c>).</summary>
    public bool SendAsRead { get; init; }
}
