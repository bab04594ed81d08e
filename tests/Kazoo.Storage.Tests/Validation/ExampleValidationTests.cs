using System.Text;
using Kazoo.Storage.Models;
using Kazoo.Storage.Tests.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

public sealed class ExampleValidationTests
{
    public static TheoryData<string> ValidExamples => new("seed-get-account-storage.json", "spec-get-account-storage.json", "spec-put-http-backend.json");

    [Theory]
    [MemberData(nameof(ValidExamples))]
    public void Kazoo_example_documents_are_valid_in_both_modes(string name)
    {
        var json = Encoding.UTF8.GetBytes(ExampleDocuments.Read(name));

        Assert.Equal("valid", StorageDocument.Validate(json).ToString());
        Assert.Equal("valid", StorageDocument.Validate(json, ValidationOptions.KazooExact).ToString());
    }
}

