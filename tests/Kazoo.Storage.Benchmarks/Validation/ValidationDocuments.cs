using System.Text;

namespace Kazoo.Storage.Benchmarks.Validation;

/// <summary>
/// The documents the validation benchmarks check, as UTF-8: <see cref="StorageDocuments.Typical"/> and
/// <see cref="StorageDocuments.Large"/> as they are (valid), and each with one schema violation (invalid): the last s3
/// entry's <c>bucket</c> shortened to 3 characters (<c>minLength</c> 6). The defect sits in the last s3 entry so a
/// validator that stops at the first failure still reads most of the document.
/// </summary>
public static class ValidationDocuments
{
    private const string BucketMember = "\"bucket\":\"";

    /// <summary>The typical document (3 attachment entries), valid.</summary>
    public static byte[] TypicalValid() => Encoding.UTF8.GetBytes(StorageDocuments.Typical());

    /// <summary>The typical document with its s3 bucket too short.</summary>
    public static byte[] TypicalInvalid() => Encoding.UTF8.GetBytes(WithShortLastBucket(StorageDocuments.Typical()));

    /// <summary>The large document (200 attachment entries), valid.</summary>
    public static byte[] LargeValid() => Encoding.UTF8.GetBytes(StorageDocuments.Large());

    /// <summary>The large document with its last s3 bucket too short.</summary>
    public static byte[] LargeInvalid() => Encoding.UTF8.GetBytes(WithShortLastBucket(StorageDocuments.Large()));

    /// <summary>Replaces the value of the last <c>"bucket"</c> member with <c>"abc"</c>.</summary>
    public static string WithShortLastBucket(string json)
    {
        var member = json.LastIndexOf(BucketMember, StringComparison.Ordinal);
        if (member < 0)
        {
            throw new InvalidOperationException("The document has no s3 bucket.");
        }

        var valueStart = member + BucketMember.Length;
        var valueEnd = json.IndexOf('"', valueStart);
        return string.Concat(json.AsSpan(0, valueStart), "abc", json.AsSpan(valueEnd));
    }
}
