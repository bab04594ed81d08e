using System.CommandLine;
using Kazoo.Storage.Cli.Infrastructure;
using Kazoo.Storage.Crossbar;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// The options every server command shares (<c>get</c>, <c>put</c>, <c>replace</c>, <c>patch</c>, <c>delete</c>): where
/// Crossbar is, how to log in, which storage document. Each falls back to an environment variable, so credentials need
/// not appear on the command line (where other users of the machine can see them).
/// </summary>
internal sealed class CrossbarConnection
{
    public const string ServerVariable = "KAZOO_SERVER";
    public const string AccountVariable = "KAZOO_ACCOUNT_ID";
    public const string UserVariable = "KAZOO_USER_ID";
    public const string ApiKeyVariable = "KAZOO_API_KEY";
    public const string UsernameVariable = "KAZOO_USERNAME";
    public const string PasswordVariable = "KAZOO_PASSWORD";
    public const string AccountNameVariable = "KAZOO_ACCOUNT_NAME";
    public const string TokenVariable = "KAZOO_AUTH_TOKEN";

    private readonly Option<string?> _server = new("--server")
    {
        Description = $"Crossbar's base URL, e.g. https://kazoo.example.com:8443 [env {ServerVariable}]",
        HelpName = "URL",
    };

    private readonly Option<string?> _account = new("--account")
    {
        Description = $"The account whose storage document to use [env {AccountVariable}]",
        HelpName = "ID",
    };

    private readonly Option<string?> _user = new("--user")
    {
        Description = $"A user of that account: use the user's storage document [env {UserVariable}]",
        HelpName = "ID",
    };

    private readonly Option<bool> _system = new("--system") { Description = "Use the system storage document (/v2/storage; super-duper admin only)." };

    private readonly Option<string?> _apiKey = new("--api-key")
    {
        Description = $"Log in with an account's API key [env {ApiKeyVariable}]",
        HelpName = "KEY",
    };

    private readonly Option<string?> _username = new("--username")
    {
        Description = $"Log in as this user (with --password and --account-name) [env {UsernameVariable}]",
        HelpName = "NAME",
    };

    private readonly Option<string?> _password = new("--password")
    {
        Description = $"The user's password; prefer the environment variable [env {PasswordVariable}]",
        HelpName = "PASSWORD",
    };

    private readonly Option<string?> _accountName = new("--account-name")
    {
        Description = $"The name of the user's account [env {AccountNameVariable}]",
        HelpName = "NAME",
    };

    private readonly Option<string?> _token = new("--token")
    {
        Description = $"An auth token obtained elsewhere (cannot be renewed) [env {TokenVariable}]",
        HelpName = "TOKEN",
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print the answer (or the error) as JSON." };

    private readonly Option<bool> _showSecrets = new("--show-secrets") { Description = "Print backend secrets (keys, passwords, tokens) instead of ***." };

    private readonly Option<bool>? _noValidate;

    private CrossbarConnection(bool writes)
    {
        if (writes)
        {
            _noValidate = new Option<bool>("--no-validate") { Description = "Send the document without validating it locally first; Kazoo judges it." };
        }
    }

    /// <summary>Adds the shared options to a command.</summary>
    /// <param name="command">The command.</param>
    /// <param name="writes">Whether it sends a document (adds <c>--no-validate</c>).</param>
    public static CrossbarConnection AddTo(Command command, bool writes)
    {
        var connection = new CrossbarConnection(writes);
        command.Options.Add(connection._server);
        command.Options.Add(connection._account);
        command.Options.Add(connection._user);
        command.Options.Add(connection._system);
        command.Options.Add(connection._apiKey);
        command.Options.Add(connection._username);
        command.Options.Add(connection._password);
        command.Options.Add(connection._accountName);
        command.Options.Add(connection._token);
        if (connection._noValidate is not null)
        {
            command.Options.Add(connection._noValidate);
        }

        command.Options.Add(connection._showSecrets);
        command.Options.Add(connection._json);
        return connection;
    }

    /// <summary>The client, the scope and the output choices for this run.</summary>
    /// <exception cref="CliException">Something needed is missing or malformed (exit 2).</exception>
    public CrossbarSession Open(ParseResult parse, CliContext context)
    {
        var server = parse.GetValue(_server) ?? context.Environment(ServerVariable)
            ?? throw new CliException($"Which server? Give --server URL or set {ServerVariable}.");
        var endpoint = ParseServer(server);
        var scope = Scope(parse, context);
        var credentials = Credentials(parse, context);
        var options = new KazooStorageClientOptions { ValidateBeforeSending = _noValidate is null || !parse.GetValue(_noValidate) };
        var client = new KazooStorageClient(endpoint, credentials, options);
        return new CrossbarSession(client, scope, endpoint, parse.GetValue(_json), parse.GetValue(_showSecrets));
    }

    private static Uri ParseServer(string server)
    {
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"--server must be an http or https URL, such as https://kazoo.example.com:8443 (got '{SecretMasking.MaskUrl(server)}').");
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
        var accountOption = parse.GetValue(_account);
        var userOption = parse.GetValue(_user);
        try
        {
            if (parse.GetValue(_system))
            {
                if (accountOption is not null || userOption is not null)
                {
                    throw new CliException("--system names the system document; leave out --account and --user.");
                }

                return StorageScope.System;
            }

            var account = accountOption ?? context.Environment(AccountVariable)
                ?? throw new CliException($"Which storage document? Give --account ID (or set {AccountVariable}), optionally with --user ID, or --system.");
            var user = userOption ?? (accountOption is null ? context.Environment(UserVariable) : null);
            return user is null ? StorageScope.Account(account) : StorageScope.User(account, user);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message, innerException: ex);
        }
    }

    private CrossbarCredentials Credentials(ParseResult parse, CliContext context)
    {
        // The command line wins over the environment; within each, an API key over a user login over a token.
        var apiKey = parse.GetValue(_apiKey);
        var username = parse.GetValue(_username);
        var token = parse.GetValue(_token);
        var fromCommandLine = new[] { apiKey is not null, username is not null, token is not null }.Count(x => x);
        if (fromCommandLine > 1)
        {
            throw new CliException("Give one way to log in: --api-key, --username (with --password and --account-name), or --token.");
        }

        if (fromCommandLine == 0)
        {
            apiKey = context.Environment(ApiKeyVariable);
            username = apiKey is null ? context.Environment(UsernameVariable) : null;
            token = apiKey is null && username is null ? context.Environment(TokenVariable) : null;
        }

        try
        {
            if (apiKey is not null)
            {
                return CrossbarCredentials.FromApiKey(apiKey);
            }

            if (username is not null)
            {
                var password = parse.GetValue(_password) ?? context.Environment(PasswordVariable)
                    ?? throw new CliException($"--username needs a password: set {PasswordVariable} (or give --password).");
                var accountName = parse.GetValue(_accountName) ?? context.Environment(AccountNameVariable)
                    ?? throw new CliException($"--username needs the account's name: --account-name NAME or {AccountNameVariable}.");
                return CrossbarCredentials.FromUser(username, password, accountName);
            }

            if (token is not null)
            {
                return CrossbarCredentials.FromToken(token);
            }
        }
        catch (ArgumentException ex)
        {
            // The SDK's messages name the parameter, never its value.
            throw new CliException("The credentials are incomplete: " + ex.Message, innerException: ex);
        }

        throw new CliException(
            $"How to log in? Give --api-key (or set {ApiKeyVariable}), or --username with --password and --account-name "
            + $"({UsernameVariable}, {PasswordVariable}, {AccountNameVariable}), or --token ({TokenVariable}).");
    }
}

/// <summary>A connected run of a server command.</summary>
/// <param name="Client">The Crossbar client.</param>
/// <param name="Scope">Which storage document.</param>
/// <param name="Endpoint">The server, for messages.</param>
/// <param name="Json">Whether to print JSON.</param>
/// <param name="ShowSecrets">Whether to print backend secrets.</param>
internal sealed record CrossbarSession(KazooStorageClient Client, StorageScope Scope, Uri Endpoint, bool Json, bool ShowSecrets);
