using System.Text;
using System.Text.RegularExpressions;
using Kazoo.Storage.Packaging.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kazoo.Storage.Packaging.Tests;

/// <summary>
/// Every <c>csharp</c> block of README.md and of each package's and sample's README compiles against the SDK's assemblies,
/// as a user would paste it into a program: as top-level statements, with a console project's implicit usings and the
/// usings its README states (in any of its blocks). The values a block uses without declaring them (a
/// <c>client</c>, a <c>services</c> collection, an <c>accountId</c>, …) come from <see cref="Ambient"/>, by name.
/// A block marked <c>&lt;!-- snippet: not compiled --&gt;</c> on the line above it is skipped.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    private const string SkipMarker = "<!-- snippet: not compiled -->";

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

    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        [.. ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .Select(path => MetadataReference.CreateFromFile(path))]);

    /// <summary>The READMEs whose blocks are compiled, relative to the repository root: the repository's and each package's and sample's.</summary>
    public static TheoryData<string> Readmes()
    {
        var readmes = new TheoryData<string>();
        readmes.Add("README.md");
        foreach (var folder in new[] { "sdk", "samples" })
        {
            foreach (var project in Directory.EnumerateDirectories(Path.Combine(Repository.Root, folder)).Order(StringComparer.Ordinal))
            {
                if (File.Exists(Path.Combine(project, "README.md")))
                {
                    readmes.Add($"{folder}/{Path.GetFileName(project)}/README.md");
                }
            }
        }

        return readmes;
    }

    [Theory]
    [MemberData(nameof(Readmes))]
    public void Every_csharp_block_compiles(string readme)
    {
        var path = Path.Combine(Repository.Root, readme);
        var blocks = Blocks(File.ReadAllLines(path));
        var stated = blocks.SelectMany(block => block.Usings).Distinct(StringComparer.Ordinal);
        var globals = string.Join('\n', s_implicitUsings.Concat(stated).Distinct(StringComparer.Ordinal).Select(ns => $"global using {ns};"))
            + "\nglobal using static Ambient;\n" + Ambient;

        var failures = new StringBuilder();
        foreach (var block in blocks.Where(block => !block.Skipped))
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
            var skipped = i > 0 && lines[i - 1].Trim() == SkipMarker;
            var usings = code.Select(line => UsingDirective().Match(line)).Where(m => m.Success).Select(m => m.Groups["ns"].Value).ToArray();
            blocks.Add(new Block(start + 1, string.Join('\n', code), usings, skipped));
            i = end;
        }

        return blocks;
    }

    [GeneratedRegex(@"^using (?<ns>[A-Za-z0-9_.]+);\s*$")]
    private static partial Regex UsingDirective();

    private sealed record Block(int FirstLine, string Code, string[] Usings, bool Skipped);
}
