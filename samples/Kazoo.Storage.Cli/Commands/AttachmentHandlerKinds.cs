using System.CommandLine;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Cli.Infrastructure;
using Kazoo.Storage.GoogleDrive;
using Kazoo.Storage.GoogleDrive.Credentials;
using Kazoo.Storage.S3;
using Kazoo.Storage.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// Every attachment handler the CLI can use, in one table: per kind, the options it needs on the command line (endpoints,
/// credentials) and how it is registered with dependency injection. <c>probe</c> and <c>attachment</c> take their
/// handlers from here, and the SDK's <see cref="AttachmentHandlerSet"/> picks among them, so a new kind is one entry in
/// <see cref="Table"/> (its package's <c>AddKazoo&lt;Kind&gt;AttachmentHandler</c>, and a class for its options if it
/// needs some).
/// </summary>
internal sealed class AttachmentHandlerKinds
{
    /// <summary>The kinds, each with a factory for its options (a command gets its own instances).</summary>
    private static readonly (string Kind, Func<KindOptions> Create)[] Table =
    [
        ("http", () => new Registration(services => services.AddKazooHttpAttachmentHandler())),
        ("s3", () => new Registration(services => services.AddKazooS3AttachmentHandler())),
        ("google_drive", () => new GoogleDriveOptions()),
    ];

    private readonly KindOptions[] _kinds;

    private AttachmentHandlerKinds(KindOptions[] kinds) => _kinds = kinds;

    /// <summary>The kinds the CLI has handlers for, as the table lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [.. Table.Select(k => k.Kind)];

    /// <summary>Adds every kind's options to <paramref name="command"/>.</summary>
    public static AttachmentHandlerKinds AddTo(Command command)
    {
        var kinds = Table.Select(k => k.Create()).ToArray();
        foreach (var option in kinds.SelectMany(k => k.Options))
        {
            command.Options.Add(option);
        }

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

    /// <summary>Google Drive: OAuth credentials per <c>oauth_doc_id</c> (Kazoo keeps them in its auth database), and Google's address.</summary>
    private sealed class GoogleDriveOptions : KindOptions
    {
        public const string CredentialsVariable = "KAZOO_GOOGLE_CREDENTIALS";

        private readonly Option<string?> _credentials = new("--google-credentials")
        {
            Description = "Google OAuth credentials per oauth_doc_id: {\"<oauth_doc_id>\": {\"client_id\", \"client_secret\", \"refresh_token\"[, \"token_uri\"]}} [env " + CredentialsVariable + "]",
            HelpName = "FILE",
        };

        private readonly Option<string?> _api = new("--google-api")
        {
            Description = "The Google APIs base URL (default https://www.googleapis.com/), e.g. a test server's.",
            HelpName = "URL",
        };

        public override IEnumerable<Option> Options => [_credentials, _api];

        public override async Task RegisterAsync(IServiceCollection services, ParseResult parse, CliContext context, CancellationToken cancellationToken)
        {
            var registry = await CredentialsAsync(context, parse.GetValue(_credentials) ?? context.Environment(CredentialsVariable), cancellationToken).ConfigureAwait(false);
            var api = BaseUri(parse.GetValue(_api));
            services.AddSingleton<IGoogleDriveTokenProvider>(registry);
            services.AddKazooGoogleDriveAttachmentHandler(options =>
            {
                options.DriveBaseUri = api;
                options.UploadBaseUri = api;
            });
        }

        private static Uri BaseUri(string? text)
        {
            if (text is null)
            {
                return GoogleDriveAttachmentHandlerOptions.GoogleApisUri;
            }

            if (!Uri.TryCreate(text.EndsWith('/') ? text : text + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                throw new CliException($"--google-api must be an http or https URL (got '{SecretMask.MaskText(text)}').");
            }

            return uri;
        }

        private static async Task<GoogleDriveCredentialRegistry> CredentialsAsync(CliContext context, string? path, CancellationToken cancellationToken)
        {
            var registry = new GoogleDriveCredentialRegistry();
            if (path is null)
            {
                return registry;
            }

            var json = await JsonInput.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
            var name = JsonInput.NameOf(path);
            using var parsed = JsonDocument.Parse(json);
            if (parsed.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CliException($"{name} must hold a JSON object keyed by oauth_doc_id.");
            }

            foreach (var entry in parsed.RootElement.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new CliException($"{name}: the credentials for {entry.Name} must be a JSON object.");
                }

                string Field(string field) =>
                    entry.Value.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String
                        ? value.GetString()!
                        : throw new CliException($"{name}: the credentials for {entry.Name} need a string \"{field}\".");
                Uri? tokenEndpoint = null;
                if (entry.Value.TryGetProperty("token_uri", out var tokenUri))
                {
                    tokenEndpoint = tokenUri.ValueKind == JsonValueKind.String && Uri.TryCreate(tokenUri.GetString(), UriKind.Absolute, out var u)
                        ? u
                        : throw new CliException($"{name}: token_uri of {entry.Name} is not a URL.");
                }

                registry.AddRefreshToken(entry.Name, Field("client_id"), Field("client_secret"), Field("refresh_token"), tokenEndpoint);
            }

            return registry;
        }
    }
}
