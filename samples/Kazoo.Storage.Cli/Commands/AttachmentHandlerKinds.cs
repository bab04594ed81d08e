using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Attachments.OAuth;
using Kazoo.Storage.Azure;
using Kazoo.Storage.Dropbox;
using Kazoo.Storage.GoogleDrive;
using Kazoo.Storage.GoogleStorage;
using Kazoo.Storage.OneDrive;
using Kazoo.Storage.S3;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// Every attachment handler the CLI can use, in one table: per kind, the options it needs on the command line (endpoints,
/// credentials) and how it is registered with dependency injection. <c>probe</c> and <c>attachment</c> take their
/// handlers from here, and the SDK's <see cref="AttachmentHandlerSet"/> picks among them, so a new kind is one entry in
/// <see cref="Table"/> (its package's <c>AddKazoo&lt;Kind&gt;AttachmentHandler</c>, and a class for its options if it
/// needs some). The bearer-token kinds (google_drive, google_storage, dropbox, onedrive) share one set of OAuth credentials per
/// <c>oauth_doc_id</c>/<c>oauth_app_id</c> (<see cref="OAuthCredentialsOptions"/>), registered once with the SDK's
/// <c>AddKazooOAuthTokens</c>.
/// </summary>
internal sealed class AttachmentHandlerKinds
{
    /// <summary>The kinds, each with a factory for its options (a command gets its own instances).</summary>
    private static readonly (string Kind, Func<KindOptions> Create)[] Table =
    [
        ("http", () => new Registration(services => services.AddKazooHttpAttachmentHandler())),
        ("s3", () => new Registration(services => services.AddKazooS3AttachmentHandler())),
        ("google_drive", () => new EndpointOptions(
            [("--google-api", "The Google APIs base URL (Drive's metadata and upload routes)", GoogleDriveAttachmentHandlerOptions.GoogleApisUri)],
            (services, uris) => services.AddKazooGoogleDriveAttachmentHandler(options =>
            {
                options.DriveBaseUri = uris[0];
                options.UploadBaseUri = uris[0];
            }))),

        ("azure", () => new AzureOptions()),
        ("google_storage", () => new EndpointOptions(
            [("--google-storage-endpoint", "The Cloud Storage JSON API's base URL", GoogleStorageAttachmentHandlerOptions.GoogleStorageUri)],
            (services, uris) => services.AddKazooGoogleStorageAttachmentHandler(options => options.BaseUri = uris[0]))),
        ("dropbox", () => new EndpointOptions(
            [
                ("--dropbox-content-endpoint", "Dropbox's content host (uploads, downloads)", DropboxAttachmentHandlerOptions.DropboxContentUri),
                ("--dropbox-api-endpoint", "Dropbox's API host (deletes)", DropboxAttachmentHandlerOptions.DropboxApiUri),
            ],
            (services, uris) => services.AddKazooDropboxAttachmentHandler(options =>
            {
                options.ContentBaseUri = uris[0];
                options.ApiBaseUri = uris[1];
            }))),
        ("onedrive", () => new EndpointOptions(
            [("--onedrive-endpoint", "Microsoft Graph's base URL", OneDriveAttachmentHandlerOptions.GraphUri)],
            (services, uris) => services.AddKazooOneDriveAttachmentHandler(options => options.GraphBaseUri = uris[0]))),
    ];

    private readonly KindOptions[] _kinds;

    private AttachmentHandlerKinds(KindOptions[] kinds) => _kinds = kinds;

    /// <summary>The kinds the CLI has handlers for, as the table lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. Table.Select(k => k.Kind)];

    /// <summary>What to tell a user whose backend's OAuth id has no (working) credentials.</summary>
    public static string OAuthHint { get; } =
        $"give OAuth credentials per oauth_doc_id/oauth_app_id with --oauth-credentials FILE (or {OAuthCredentialsOptions.CredentialsVariable}).";

    /// <summary>The token failure behind a handler's <c>oauth_failure</c>, if that is what it was: its message names the id.</summary>
    public static OAuthTokenException? OAuthFailureOf(AttachmentHandlerException failure)
    {
        for (Exception? inner = failure.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is OAuthTokenException oauth)
            {
                return oauth;
            }
        }

        return null;
    }

    /// <summary>Adds every kind's options to <paramref name="command"/>.</summary>
    public static AttachmentHandlerKinds AddTo(Command command)
    {
        // The OAuth credentials first: one registration, whatever kinds use them.
        KindOptions[] kinds = [new OAuthCredentialsOptions(), .. Table.Select(k => k.Create())];
        command.AddOptions(kinds.SelectMany(k => k.Options));
        return new AttachmentHandlerKinds(kinds);
    }

    /// <summary>
    /// A container with every kind's handler and the SDK's <see cref="AttachmentStore"/> over them; dispose it to release
    /// the handlers' connections.
    /// </summary>
    /// <exception cref="CliException">A kind's option is malformed (exit 2).</exception>
    public async Task<ServiceProvider> BuildAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        foreach (var kind in _kinds)
        {
            await kind.RegisterAsync(services, parse, context, cancellationToken).ConfigureAwait(false);
        }

        services.AddKazooAttachmentStore();
        return services.BuildServiceProvider();
    }

    /// <summary>One kind's options and registration.</summary>
    private abstract class KindOptions
    {
        public virtual IEnumerable<Option> Options => [];

        public abstract Task RegisterAsync(IServiceCollection services, ParseResult parse, CliContext context, CancellationToken cancellationToken);
    }

    /// <summary>A kind that needs nothing beyond the storage document (its settings carry the endpoint and credentials).</summary>
    private sealed class Registration(Action<IServiceCollection> register) : KindOptions
    {
        public override Task RegisterAsync(IServiceCollection services, ParseResult parse, CliContext context, CancellationToken cancellationToken)
        {
            register(services);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// <paramref name="text"/> as a base URL (a trailing slash added, so relative routes resolve under it), else
    /// <paramref name="fallback"/>.
    /// </summary>
    /// <exception cref="CliException">Not an absolute http or https URL (exit 2).</exception>
    private static Uri BaseUri(string option, string? text, Uri fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException($"{option} must be an http or https URL (got '{SecretMask.MaskText(text)}').");
        }

        return uri;
    }

    /// <summary>
    /// Azure: the account and key come from the entry's settings; the blob endpoint is derived from the account as Kazoo
    /// does unless <c>--azure-endpoint</c> gives a template (Azurite, sovereign clouds).
    /// </summary>
    private sealed class AzureOptions : KindOptions
    {
        private readonly Option<string?> _endpoint = CliOptions.Value(
            "--azure-endpoint",
            $"The Azure blob endpoint, {AzureAttachmentHandlerOptions.AccountPlaceholder} standing for the entry's account "
                + $"(default {AzureAttachmentHandlerOptions.DefaultBlobEndpointTemplate}), e.g. Azurite's http://127.0.0.1:10000/{AzureAttachmentHandlerOptions.AccountPlaceholder}.",
            "URL");

        public override IEnumerable<Option> Options => [_endpoint];

        public override Task RegisterAsync(IServiceCollection services, ParseResult parse, CliContext context, CancellationToken cancellationToken)
        {
            var template = parse.GetValue(_endpoint);
            if (template is not null)
            {
                try
                {
                    new AzureAttachmentHandlerOptions { BlobEndpointTemplate = template }.Validate();
                }
                catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or UriFormatException)
                {
                    throw new CliException($"--azure-endpoint must be an http or https URL with {AzureAttachmentHandlerOptions.AccountPlaceholder} in it (got '{SecretMask.MaskText(template)}').");
                }
            }

            services.AddKazooAzureAttachmentHandler(options =>
            {
                if (template is not null)
                {
                    options.BlobEndpointTemplate = template;
                }
            });
            return Task.CompletedTask;
        }
    }

    /// <summary>A kind whose handler needs only its service's addresses (overridable, e.g. a test server's) and the shared OAuth tokens.</summary>
    private sealed class EndpointOptions(
        (string Name, string What, Uri Default)[] endpoints,
        Action<IServiceCollection, Uri[]> register) : KindOptions
    {
        private readonly Option<string?>[] _options = [.. endpoints.Select(e => CliOptions.Value(e.Name, $"{e.What} (default {e.Default}), e.g. a test server's.", "URL"))];

        public override IEnumerable<Option> Options => _options;

        public override Task RegisterAsync(IServiceCollection services, ParseResult parse, CliContext context, CancellationToken cancellationToken)
        {
            var uris = endpoints.Select((e, i) => BaseUri(e.Name, parse.GetValue(_options[i]), e.Default)).ToArray();
            register(services, uris);
            return Task.CompletedTask;
        }
    }

    /// <summary>
    /// The OAuth credentials of the bearer-token kinds (google_drive, google_storage, dropbox, onedrive), per <c>oauth_doc_id</c> or
    /// <c>oauth_app_id</c> (Kazoo keeps them in its <c>oauth</c> database): a JSON file of
    /// <c>{"&lt;id&gt;": {"client_id", "client_secret", "refresh_token", "token_uri"}}</c> (the token endpoint required, as the
    /// services have different ones) or <c>{"&lt;id&gt;": {"access_token"}}</c>.
    /// Registered once, with <c>AddKazooOAuthTokens</c>, whether or not a document uses them; an id without credentials
    /// fails when a backend asks for it (Kazoo's <c>oauth_failure</c>).
    /// </summary>
    private sealed class OAuthCredentialsOptions : KindOptions
    {
        public const string CredentialsVariable = "KAZOO_OAUTH_CREDENTIALS";

        private readonly Option<string?> _credentials = CliOptions.Value(
            "--oauth-credentials",
            "OAuth credentials for google_drive, google_storage, dropbox and onedrive backends, per oauth_doc_id/oauth_app_id: " +
                "{\"<id>\": {\"client_id\", \"client_secret\", \"refresh_token\", \"token_uri\"} or {\"access_token\"}}",
            "FILE",
            CredentialsVariable);

        public override IEnumerable<Option> Options => [_credentials];

        public override async Task RegisterAsync(IServiceCollection services, ParseResult parse, CliContext context, CancellationToken cancellationToken)
        {
            var path = parse.GetValue(_credentials) ?? context.Environment(CredentialsVariable);
            var entries = path is null ? [] : await ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
            services.AddKazooOAuthTokens(registry =>
            {
                foreach (var add in entries)
                {
                    add(registry);
                }
            });
        }

        /// <summary>Reads and checks the file now, so a malformed one is a usage error before any backend is asked.</summary>
        private static async Task<List<Action<OAuthTokenRegistry>>> ReadAsync(CliContext context, string path, CancellationToken cancellationToken)
        {
            var (name, json) = await JsonInput.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
            JsonDocument parsed;
            try
            {
                parsed = JsonDocument.Parse(json);
            }
            catch (JsonException)
            {
                // The parser's message may quote the text, which holds secrets.
                throw new CliException($"{name} is not valid JSON.");
            }

            using (parsed)
            {
                if (parsed.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new CliException($"{name} must hold a JSON object keyed by oauth_doc_id or oauth_app_id.");
                }

                var entries = new List<Action<OAuthTokenRegistry>>();
                foreach (var entry in parsed.RootElement.EnumerateObject())
                {
                    var id = entry.Name;
                    if (id.Length == 0 || entry.Value.ValueKind != JsonValueKind.Object)
                    {
                        throw new CliException($"{name}: the credentials for '{SecretMask.MaskText(id)}' must be a JSON object under a non-empty id.");
                    }

                    string? Field(string field) =>
                        !entry.Value.TryGetProperty(field, out var value) ? null
                        : value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text
                        : throw new CliException($"{name}: \"{field}\" of {id} must be a non-empty string.");

                    if (Field("access_token") is { } accessToken)
                    {
                        entries.Add(registry => registry.AddAccessToken(id, accessToken));
                        continue;
                    }

                    string Required(string field) =>
                        Field(field) ?? throw new CliException($"{name}: the credentials for {id} need \"access_token\", or \"client_id\", \"client_secret\", \"refresh_token\" and \"token_uri\" (missing \"{field}\").");
                    var (clientId, clientSecret, refreshToken) = (Required("client_id"), Required("client_secret"), Required("refresh_token"));
                    var tokenUri = Required("token_uri");
                    if (!Uri.TryCreate(tokenUri, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
                    {
                        throw new CliException($"{name}: token_uri of {id} is not an http or https URL.");
                    }

                    entries.Add(registry => registry.AddRefreshToken(id, endpoint, clientId, clientSecret, refreshToken));
                }

                return entries;
            }
        }
    }

}
