using Kazoo.Storage.Plans;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// The options <c>resolve</c> and <c>attachment</c> share: the storage documents as files (<c>--system-doc</c>,
/// <c>--account-doc</c>, <c>--user-doc</c>), and the lookup: the database, the document type, the owner, and the
/// attachment (<c>--doc-id</c>, <c>--attachment</c>, with its metadata document <c>--doc</c>).
/// </summary>
internal sealed class PlanQueryOptions
{
    private readonly Option<string?> _systemDoc = CliOptions.Value("--system-doc", "The system storage document (GET /v2/storage).", "FILE");
    private readonly Option<string?> _accountDoc = CliOptions.Value("--account-doc", "The account's storage document (GET /v2/accounts/{ACCOUNT_ID}/storage).", "FILE");
    private readonly Option<string?> _userDoc = CliOptions.Value("--user-doc", "The owner's storage document (GET …/users/{USER_ID}/storage); used with --owner.", "FILE");
    private readonly Option<string?> _db = CliOptions.Value(
        "--db", "The database, as Kazoo names it, e.g. account%2Fab%2Fcd%2Fefgh…-202401 (a voicemail box's month database).", "NAME").NotEmpty();

    private readonly Option<string?> _type = CliOptions.Value(
        "--type", "The document type (pvt_type), e.g. mailbox_message or call_recording; none for a database-level lookup.", "TYPE").NotEmpty();

    private readonly Option<string?> _owner = CliOptions.Value("--owner", "The owner (user) id whose storage document refines the account's plan.", "ID").NotEmpty();
    private readonly Option<string?> _docId = CliOptions.Value("--doc-id", "The metadata document's id, to name the attachment's object.", "ID").NotEmpty();
    private readonly Option<string?> _attachment = CliOptions.Value("--attachment", "The attachment's name, e.g. message.mp3.", "NAME").NotEmpty();
    private readonly Option<string?> _doc = CliOptions.Value("--doc", "The metadata document itself (for field_list fields, owner_id, pvt_account_id).", "FILE");

    private PlanQueryOptions(bool attachmentRequired)
    {
        _db.Required = true;
        _docId.Required = _attachment.Required = attachmentRequired;
    }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    /// <param name="command">The command.</param>
    /// <param name="attachmentRequired">Whether <c>--doc-id</c> and <c>--attachment</c> must be given (<c>attachment</c>), or are optional together (<c>resolve</c>).</param>
    public static PlanQueryOptions AddTo(Command command, bool attachmentRequired)
    {
        var options = new PlanQueryOptions(attachmentRequired);
        command.AddOptions(options._systemDoc, options._accountDoc, options._userDoc, options._db, options._type, options._owner, options._docId, options._attachment, options._doc);
        command.Validators.Add(result =>
        {
            var hasId = result.GetValue(options._docId) is not null;
            if (hasId != (result.GetValue(options._attachment) is not null))
            {
                result.AddError("--doc-id and --attachment go together: both name the attachment.");
            }

            if (result.GetValue(options._doc) is not null && !hasId)
            {
                result.AddError("--doc needs --doc-id and --attachment.");
            }
        });
        return options;
    }

    /// <summary>Whether any storage document was given as a file.</summary>
    public bool HasSystemFile(ParseResult parse) => parse.GetValue(_systemDoc) is not null;

    /// <summary>Whether an account's or owner's document was given as a file.</summary>
    public bool HasAccountOrUserFile(ParseResult parse) => parse.GetValue(_accountDoc) is not null || parse.GetValue(_userDoc) is not null;

    /// <summary>The documents given as files; those not given are absent.</summary>
    public async Task<StoragePlanInputs> ReadFilesAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken) => new()
    {
        System = await ReadOptionalAsync(context, parse.GetValue(_systemDoc), cancellationToken).ConfigureAwait(false),
        Account = await ReadOptionalAsync(context, parse.GetValue(_accountDoc), cancellationToken).ConfigureAwait(false),
        Owner = await ReadOptionalAsync(context, parse.GetValue(_userDoc), cancellationToken).ConfigureAwait(false),
    };

    /// <summary>The lookup: database, document type and owner.</summary>
    public StorageQuery Query(ParseResult parse) =>
        new(parse.GetValue(_db)!) { DocumentType = parse.GetValue(_type), OwnerId = parse.GetValue(_owner) };

    /// <summary>The attachment, with its metadata document when <c>--doc</c> gives one; null without <c>--doc-id</c>.</summary>
    public async Task<AttachmentLocation?> LocationAsync(ParseResult parse, CliContext context, CancellationToken cancellationToken)
    {
        if (parse.GetValue(_docId) is not { } id)
        {
            return null;
        }

        JsonElement? metadata = null;
        if (parse.GetValue(_doc) is { } docPath)
        {
            var json = await JsonInput.ReadAsync(context, docPath, cancellationToken).ConfigureAwait(false);
            using var parsed = JsonDocument.Parse(json.Bytes);
            metadata = parsed.RootElement.Clone();
        }

        var query = Query(parse);
        return new AttachmentLocation(query.Database, id, parse.GetValue(_attachment)!)
        {
            Document = metadata,
            DocumentType = query.DocumentType,
            OwnerId = query.OwnerId,
        };
    }

    private static async Task<StorageDocument?> ReadOptionalAsync(CliContext context, string? path, CancellationToken cancellationToken) =>
        path is null ? null : await JsonInput.ReadStorageDocumentAsync(context, path, cancellationToken).ConfigureAwait(false);
}
