using System.Text.Json;
using Kazoo.Storage.Cli.Infrastructure;
using Kazoo.Storage.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>Reads the FILE of <c>put</c> and <c>replace</c>: a storage document to send.</summary>
internal static class DocumentFile
{
    /// <summary>
    /// The document, or the validation errors that keep it from being read as one (a wrong type such as <c>"bucket": 123</c>
    /// cannot become a record, so it cannot be sent even with <c>--no-validate</c>).
    /// </summary>
    /// <exception cref="CliException">The file is unreadable or not JSON (exit 2).</exception>
    public static async Task<(StorageDocument? Document, ValidationErrors Errors)> ReadAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var json = await JsonInput.ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
        try
        {
            var document = JsonSerializer.Deserialize(json.Span, KazooStorageJson.GetTypeInfo<StorageDocument>());
            if (document is not null)
            {
                return (document, ValidationErrors.None);
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

        return (null, errors);
    }
}
