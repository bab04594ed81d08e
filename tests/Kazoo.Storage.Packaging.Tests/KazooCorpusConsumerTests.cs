using System.Diagnostics;
using System.Text.RegularExpressions;
using Kazoo.Storage.Packaging.Tests.Infrastructure;

namespace Kazoo.Storage.Packaging.Tests;

/// <summary>
/// All of Kazoo's published schemas (the 777 files of kazoo-crossbar-schemas, read in place from the folder beside the
/// repository) as the input of a consumer of the packed SDK: the build succeeds with no generator crash and every
/// generator diagnostic located in a schema file; a program in that consumer round-trips and validates documents shaped
/// like Kazoo's for a sample of the generated types (CorpusConsumerApp/Program.cs).
/// </summary>
[Collection(nameof(PackagesCollection))]
public sealed partial class KazooCorpusConsumerTests(PackagesFixture fixture)
{
    /// <summary>The corpus, relative to the repository root: a sibling folder of the checkout.</summary>
    private const string CorpusFromRoot = "../shared/corpus/kazoo-crossbar-schemas";

    private static readonly string[] s_sample = ["users", "devices", "vmboxes", "callflows", "storage"];

    [Fact]
    public async Task A_consumer_with_every_Kazoo_schema_builds_and_its_types_round_trip_and_validate()
    {
        var ct = TestContext.Current.CancellationToken;
        var corpus = RequireCorpus();
        var consumer = Path.Combine(fixture.WorkDirectory, "corpus-consumer");
        ConsumerProject.Copy(Path.Combine(AppContext.BaseDirectory, "CorpusConsumerApp"), consumer);
        await ConsumerProject.IsolateAsync(consumer, fixture, "corpus-consumer-packages", ct, ("KazooCorpus", corpus));

        var clock = Stopwatch.StartNew();
        var build = await Dotnet.BuildAsync(consumer, Path.Combine(fixture.WorkDirectory, "logs"), "corpus-consumer", TimeSpan.FromMinutes(10), ct,
            "build", "CorpusConsumer.csproj", "-c", "Release");
        clock.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"The build of the consumer with {Directory.GetFiles(corpus, "*.json").Length} schemas took {clock.Elapsed.TotalSeconds:F1} s.");

        Assert.True(build.Succeeded, "The corpus consumer did not build:\n" + build.Tail);
        var warnings = build.Warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(warnings, line => line.Contains("KZS010", StringComparison.Ordinal));
        Assert.All(warnings, line => Assert.Matches(LocatedSchemaDiagnostic(), line));

        var run = await Dotnet.RunAsync(Dotnet.Host, [Path.Combine(consumer, "bin", "Release", "net10.0", "CorpusConsumer.dll")], consumer, null, TimeSpan.FromMinutes(1), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var facts = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .ToLookup(parts => parts[0], parts => parts.Length > 1 ? parts[1].Trim() : "");
        Assert.All(s_sample, schema =>
        {
            Assert.Equal(["True"], facts[schema + " round trip"]);
            Assert.Equal(["True"], facts[schema + " valid"]);
            Assert.Equal(["True"], facts[schema + " record valid"]);
            Assert.Equal(["False"], facts[schema + " broken valid"]);
        });
    }

    /// <summary>The corpus folder; without it the test fails when every test must run, and is skipped loudly otherwise.</summary>
    private static string RequireCorpus()
    {
        var corpus = Path.GetFullPath(Path.Combine(Repository.Root, CorpusFromRoot));
        if (!Directory.Exists(corpus) || Directory.GetFiles(corpus, "*.json").Length == 0)
        {
            var message = "NO KAZOO SCHEMA CORPUS: " + corpus + " does not exist or holds no schema; the corpus consumer test needs Kazoo's "
                + "kazoo-crossbar-schemas at " + CorpusFromRoot + " from the repository root.";
            if (Environment.GetEnvironmentVariable("KAZOO_REQUIRE_ALL_TESTS") == "1")
            {
                Assert.Fail(message);
            }

            Assert.Skip(message);
        }

        return corpus;
    }

    /// <summary>A warning line the way MSBuild logs it, for a generator diagnostic with a schema file and a line: <c>x.json(12,5): warning KZS004: …</c>.</summary>
    [GeneratedRegex(@"^\S.*\.json\(\d+,\d+(,\d+,\d+)?\): warning KZS\d{3}: ")]
    private static partial Regex LocatedSchemaDiagnostic();
}
