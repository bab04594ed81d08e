using System.Globalization;
using System.Text;
using Kazoo.Storage.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>Many errors: paths looked up by dictionary, and a cap on how many paths one validation reports.</summary>
public sealed class ValidationErrorsTests
{
    /// <summary>A storage document whose <paramref name="entries"/> attachment entries are strings: each is an error (or two) at its own path.</summary>
    private static byte[] EntriesThatAreStrings(int entries)
    {
        var json = new StringBuilder("{\"attachments\":{", entries * 40);
        for (var i = 0; i < entries; i++)
        {
            json.Append(i == 0 ? "\"" : ",\"").Append(i.ToString("x32", CultureInfo.InvariantCulture)).Append("\":\"x\"");
        }

        return Encoding.UTF8.GetBytes(json.Append("}}").ToString());
    }

    [Fact]
    public void A_hundred_thousand_failing_paths_are_cut_to_the_first_thousand_and_say_so()
    {
        var document = EntriesThatAreStrings(100_000);

        foreach (var options in new[] { ValidationOptions.Default, ValidationOptions.KazooExact })
        {
            var errors = StorageDocument.Validate(document, options);

            Assert.True(errors.IsTruncated);
            Assert.Equal(ValidationOptions.DefaultMaxErrorPaths, errors.Paths.Count());
            Assert.Equal("attachments." + 999.ToString("x32", CultureInfo.InvariantCulture), errors.Paths.Last());
            Assert.False(StorageDocument.Validator.IsValid(document, options));
            Assert.EndsWith("(stopped after 1000 paths with errors; there may be more)", errors.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Without_a_cap_a_hundred_thousand_failing_paths_are_all_reported_and_written()
    {
        var document = EntriesThatAreStrings(100_000);
        var everything = ValidationOptions.KazooExact with { MaxErrorPaths = int.MaxValue };

        var errors = StorageDocument.Validate(document, everything);

        Assert.False(errors.IsTruncated);
        Assert.Equal(100_000, errors.Count);
        Assert.Equal(100_000, errors.Paths.Count());
        var last = "attachments." + 99_999.ToString("x32", CultureInfo.InvariantCulture);
        Assert.True(errors.Contains(last, "type"));
        Assert.Equal("type", Assert.Single(errors.At(last)).Code);
        Assert.Equal(100_000, errors.ToJsonElement().EnumerateObject().Count());
    }

    [Fact]
    public void A_document_with_fewer_failing_paths_than_the_cap_is_not_truncated()
    {
        var errors = StorageDocument.Validate(EntriesThatAreStrings(3), ValidationOptions.Default with { MaxErrorPaths = 3 });

        Assert.False(errors.IsTruncated);
        Assert.Equal(3, errors.Paths.Count());
        Assert.True(StorageDocument.Validate(EntriesThatAreStrings(4), ValidationOptions.Default with { MaxErrorPaths = 3 }).IsTruncated);
    }

    [Fact]
    public void Malformed_text_after_the_cap_is_still_not_json()
    {
        var document = Encoding.UTF8.GetString(EntriesThatAreStrings(20));
        var malformed = Encoding.UTF8.GetBytes(document[..^2] + ",}}");

        Assert.ThrowsAny<System.Text.Json.JsonException>(() => StorageDocument.Validate(malformed, ValidationOptions.Default with { MaxErrorPaths = 2 }));
    }

    [Fact]
    public void Every_key_an_object_may_not_have_echoes_the_whole_object()
    {
        // One echo is built for the object and serves every key it refuses (see ValidationWalk's EchoCache).
        var json = new StringBuilder("{\"attachments\":{");
        for (var i = 0; i < 500; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("\"not-an-id-").Append(i).Append("\":{\"handler\":\"s3\"}");
        }

        var errors = StorageDocument.Validate(Encoding.UTF8.GetBytes(json.Append("}}").ToString()), ValidationOptions.KazooExact);

        Assert.Equal(500, errors.Count);
        Assert.All(errors, error => Assert.Equal("additionalProperties", error.Code));
        Assert.Equal(500, errors[499].Value!.Value.EnumerateObject().Count());
    }

    [Fact]
    public void The_cap_must_allow_at_least_one_path()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ValidationOptions.Default with { MaxErrorPaths = 0 });
    }
}
