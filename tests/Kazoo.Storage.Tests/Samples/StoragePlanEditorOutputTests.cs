using StoragePlanEditor;

namespace Kazoo.Storage.Tests.Samples;

[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>The StoragePlanEditor sample's report on standard error, which it prints "secrets masked".</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class StoragePlanEditorOutputTests
{
    [Fact]
    public void The_report_masks_the_password_and_query_credentials_of_the_new_backends_url()
    {
        var input = Path.Combine(Path.GetTempPath(), "storage-plan-editor-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(input, Models.ExampleDocuments.Read("spec-get-account-storage.json"));
        var report = new StringWriter();
        var output = new StringWriter();
        var (error, standardOutput) = (Console.Error, Console.Out);
        int exitCode;
        try
        {
            Console.SetError(report);
            Console.SetOut(output);
            exitCode = (int)typeof(RecordingRoute).Assembly.EntryPoint!.Invoke(null, [new[] { input, "https://rec:SEKRIT-editor-1@rec.example.com/kazoo?sig=SEKRIT-editor-2&n=1" }])!;
        }
        finally
        {
            Console.SetError(error);
            Console.SetOut(standardOutput);
            File.Delete(input);
        }

        var text = report.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("secrets masked", text);
        Assert.Contains("https://rec:***@rec.example.com/kazoo?sig=***&n=1", text);
        Assert.DoesNotContain("SEKRIT-editor", text);
        Assert.Contains("SEKRIT-editor-1", output.ToString()); // the document written back keeps the real URL
    }
}
