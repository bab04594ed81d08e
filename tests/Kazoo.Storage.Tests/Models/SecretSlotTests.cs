using System.Text;
using System.Text.Json;
using Kazoo.Storage.Models;
using Kazoo.Storage.Tests.Support;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Models;

/// <summary>
/// Every secret slot of every storage schema, filled with secrets of every shape, and every output of the SDK that can
/// print the document: the records' <c>ToString()</c>, validation errors in both modes (from JSON and from the record),
/// and the reader's exception when the document does not deserialize.
/// </summary>
public sealed class SecretSlotTests
{
    public static TheoryData<string> Cases => SecretSlots.Names;

    [Fact]
    public void The_schema_walk_finds_every_known_secret_and_url_slot()
    {
        var paths = SecretSlots.All.Select(s => s.Path).ToList();

        Assert.Contains("attachments.*[handler=s3].settings.key", paths);
        Assert.Contains("attachments.*[handler=s3].settings.secret", paths);
        Assert.Contains("attachments.*[handler=s3].settings.host", paths);
        Assert.Contains("attachments.*[handler=azure].settings.key", paths);
        Assert.Contains("attachments.*[handler=http].settings.url", paths);
        Assert.Contains("connections.*[driver=kazoo_couch].settings.credentials", paths);
        Assert.Contains("connections.*[driver=kazoo_couch].settings.credentials.password", paths);
        Assert.All(SecretSlots.Cases.Values, c => Assert.All(c.Secrets, s => Assert.Contains(s, c.Json)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void No_output_of_the_sdk_shows_a_secret(string name)
    {
        var secretCase = SecretSlots.Cases[name];
        var utf8 = Encoding.UTF8.GetBytes(secretCase.Json);
        var echoed = false;
        foreach (var options in new[] { ValidationOptions.Default, ValidationOptions.KazooExact })
        {
            var errors = StorageDocument.Validate(utf8, options);
            SecretSlots.AssertHidden(secretCase, errors.ToString(), $"Validate ({options.Mode}) messages");
            SecretSlots.AssertHidden(secretCase, errors.ToJson(), $"Validate ({options.Mode}) errors as JSON");
            echoed |= errors.ToJson().Contains("***", StringComparison.Ordinal);
        }

        StorageDocument? document = null;
        try
        {
            document = JsonSerializer.Deserialize<StorageDocument>(secretCase.Json, KazooStorageJson.Options);
        }
        catch (JsonException error)
        {
            SecretSlots.AssertHidden(secretCase, error.ToString(), "the reader's exception");
        }

        if (document is not null)
        {
            var text = document.ToString();
            SecretSlots.AssertHidden(secretCase, text, "ToString()");
            Assert.Contains("a1000000000000000000000000000001", text); // it printed the document
            foreach (var options in new[] { ValidationOptions.Default, ValidationOptions.KazooExact })
            {
                var errors = document.Validate(options);
                SecretSlots.AssertHidden(secretCase, errors.ToString() + errors.ToJson(), $"the record's Validate ({options.Mode})");
            }
        }

        // The tests can fail: where the value is of the wrong shape for its slot, the errors echo it, masked.
        if (secretCase.SecretName && secretCase.Shape is "array" or "object")
        {
            Assert.True(echoed, "no validation error echoed the value of " + name);
        }
    }
}
