namespace Kazoo.Storage.Cli.Commands;

/// <summary>Reads the FILE of <c>put</c> and <c>replace</c>: a storage document to send.</summary>
internal static class DocumentFile
{
    /// <summary>
    /// The document, or the validation errors that keep it from being read as one (a wrong type such as
    /// <c>"bucket": 123</c> cannot become a record).
    /// </summary>
    /// <exception cref="CliException">The file is unreadable or not JSON (exit 2).</exception>
    public static async Task<DocumentInput> ReadAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var json = await JsonInput.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
        try
        {
            var document = JsonSerializer.Deserialize(json.Span, KazooStorageJson.GetTypeInfo<StorageDocument>());
            if (document is not null)
            {
                return new DocumentInput(document, ValidationErrors.None);
            }
        }
        catch (JsonException)
        {
            // Fall through: the validator says where and why.
        }

        var errors = StorageDocument.Validate(json.Span);
        if (errors.IsValid)
        {
            throw new CliException($"{JsonInput.NameOf(path)} is not a storage document.");
        }

        return new DocumentInput(null, errors);
    }
}

/// <summary>A document to send.</summary>
/// <param name="Document">The document, or null when it does not read as one.</param>
/// <param name="Errors">Why it does not read as one; none when it does.</param>
internal sealed record DocumentInput(StorageDocument? Document, ValidationErrors Errors);
