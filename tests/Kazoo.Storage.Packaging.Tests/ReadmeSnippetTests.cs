using System.Text;
using System.Text.RegularExpressions;
using Kazoo.Storage.Packaging.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kazoo.Storage.Packaging.Tests;

/// <summary>
/// Every <c>csharp</c> block of README.md, of every README under <c>sdk/</c> (each package's, and any deeper one such as
/// the Crossbar client's, found by globbing, so a package added later is covered as soon as it has a README) and of each
/// sample's compiles against the SDK's assemblies, as a user would paste it into a program: as top-level statements, with a
/// console project's implicit usings and the usings its README states (in any of its blocks). The values a block uses
/// without declaring them (a <c>client</c>, a <c>services</c> collection, an <c>accountId</c>, …) come from
/// <see cref="Ambient"/>, by name. No block is skipped. A package under <c>sdk/</c> whose assembly this test project does
/// not reference fails, naming the project reference to add, rather than being compiled without it.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private static readonly string[] s_implicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    /// <summary>What a README's snippets may use without declaring it, as a user's program would have it at hand.</summary>
    private const string Ambient = """
        public static class Ambient
        {
            public static string[] args = [];
            public static string accountId = "", attachmentId = "", messageId = "", recordingDocId = "";
            public static string apiKey = "", awsKey = "", awsSecret = "", json = "";
            public static byte[] utf8Json = [];
            public static System.Threading.CancellationToken ct, cancellationToken;
            public static Microsoft.Extensions.DependencyInjection.IServiceCollection services = null!;
            public static System.IServiceProvider provider = null!;
            public static Microsoft.Extensions.Configuration.IConfiguration configuration = null!;
            public static Kazoo.Storage.Crossbar.KazooStorageClient client = null!;
            public static Kazoo.Storage.Models.StorageDocument document = null!;
            public static Kazoo.Storage.Models.StorageAttachmentsEntry backend = null!;
            public static Kazoo.Storage.Attachments.IAttachmentHandler httpHandler = null!, s3Handler = null!, driveHandler = null!;
            public static Kazoo.Storage.Testing.CrossbarEmulator crossbar = null!;
            public static Kazoo.Storage.Testing.EmulatedAccount account = null!;
        }
        """;

    private static readonly Lazy<string[]> s_assemblyPaths = new(() =>
        [.. ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)]);

    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        [.. s_assemblyPaths.Value.Select(path => MetadataReference.CreateFromFile(path))]);

    /// <summary>The names of the assemblies the blocks are compiled against (<c>Kazoo.Storage.S3</c>, …).</summary>
    private static readonly Lazy<HashSet<string>> s_referencedAssemblies = new(() =>
        new HashSet<string>(s_assemblyPaths.Value.Select(Path.GetFileNameWithoutExtension).OfType<string>(), StringComparer.Ordinal));

    /// <summary>
    /// The READMEs whose blocks are compiled, relative to the repository root: the repository's, every one under
    /// <c>sdk/</c> at any depth (build output left out), and each sample's.
    /// </summary>
    public static IReadOnlyList<string> ReadmePaths()
    {
        var readmes = new List<string> { "README.md" };
        readmes.AddRange(Directory.EnumerateFiles(Path.Combine(Repository.Root, "sdk"), "README.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Repository.Root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(path => !path.Split('/').Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal));
        foreach (var project in Directory.EnumerateDirectories(Path.Combine(Repository.Root, "samples")).Order(StringComparer.Ordinal))
        {
            if (File.Exists(Path.Combine(project, "README.md")))
            {
                readmes.Add($"samples/{Path.GetFileName(project)}/README.md");
            }
        }

        return readmes;
    }

    /// <summary>The READMEs, as theory data.</summary>
    public static TheoryData<string> Readmes() => [.. ReadmePaths()];

    [Fact]
    public void Every_readme_under_sdk_is_found_at_any_depth()
    {
        var readmes = ReadmePaths();

        Assert.Contains("README.md", readmes);
        Assert.Contains("sdk/Kazoo.Storage/README.md", readmes);
        Assert.Contains("sdk/Kazoo.Storage/Crossbar/README.md", readmes);
        foreach (var package in Directory.EnumerateDirectories(Path.Combine(Repository.Root, "sdk")))
        {
            if (File.Exists(Path.Combine(package, "README.md")))
            {
                Assert.Contains($"sdk/{Path.GetFileName(package)}/README.md", readmes);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Every_csharp_block_compiles(string readme)
    {
        // A package's README compiles against that package: it must be referenced, not silently missing.
        if (readme.Split('/') is ["sdk", var package, ..] && !s_referencedAssemblies.Value.Contains(package))
        {
            Assert.Fail(
                $"{readme} belongs to {package}, which Kazoo.Storage.Packaging.Tests does not reference, so its C# blocks cannot be "
                + $"compiled. Add <ProjectReference Include=\"../../sdk/{package}/{package}.csproj\" /> to the test project.");
        }

        var path = Path.Combine(Repository.Root, readme);
        var blocks = Blocks(File.ReadAllLines(path));
        var stated = blocks.SelectMany(block => block.Usings).Distinct(StringComparer.Ordinal);
        var globals = string.Join('\n', s_implicitUsings.Concat(stated).Distinct(StringComparer.Ordinal).Select(ns => $"global using {ns};"))
            + "\nglobal using static Ambient;\n" + Ambient;

        var failures = new StringBuilder();
        foreach (var block in blocks)
        {
            // #line maps every diagnostic to the README's own file and line.
            var source = $"#line {block.FirstLine} \"{readme}\"\n{block.Code}";
            var compilation = CSharpCompilation.Create(
                "ReadmeSnippet",
                [CSharpSyntaxTree.ParseText(globals, Parse, cancellationToken: TestContext.Current.CancellationToken), CSharpSyntaxTree.ParseText(source, Parse, cancellationToken: TestContext.Current.CancellationToken)],
                s_references.Value,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            foreach (var error in compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                var where = error.Location.GetMappedLineSpan();
                failures.AppendLine($"{where.Path}:{where.StartLinePosition.Line + 1}: {error.Id} {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }

        Assert.True(failures.Length == 0, $"C# blocks of {readme} do not compile:\n{failures}");
    }

    private static CSharpParseOptions Parse => new(LanguageVersion.Latest);

    private static List<Block> Blocks(string[] lines)
    {
        var blocks = new List<Block>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() is not ("```csharp" or "```cs" or "```c#"))
            {
                continue;
            }

            var start = i + 1;
            var end = start;
            while (end < lines.Length && !lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            var code = lines[start..end];
            var usings = code.Select(line => UsingDirective().Match(line)).Where(m => m.Success).Select(m => m.Groups["ns"].Value).ToArray();
            blocks.Add(new Block(start + 1, string.Join('\n', code), usings));
            i = end;
        }

        return blocks;
    }

    [GeneratedRegex(@"^using (?<ns>[A-Za-z0-9_.]+);\s*$")]
    private static partial Regex UsingDirective();

    private sealed record Block(int FirstLine, string Code, string[] Usings);
}
