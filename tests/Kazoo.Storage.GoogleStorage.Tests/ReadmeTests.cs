using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kazoo.Storage.GoogleStorage.Tests;

/// <summary>
/// Every <c>csharp</c> block of the package README compiles against the package, as a user would paste it: top-level
/// statements with a console project's implicit usings and the usings the README states, and the values a block uses
/// without declaring them (<c>services</c>, <c>provider</c>, <c>backend</c>, …) as the repository's README test provides
/// them, by name and type.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string[] s_implicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private const string Ambient = """
        public static class Ambient
        {
            public static string accountId = "", attachmentId = "";
            public static System.Threading.CancellationToken ct, cancellationToken;
            public static Microsoft.Extensions.DependencyInjection.IServiceCollection services = null!;
            public static System.IServiceProvider provider = null!;
            public static Microsoft.Extensions.Configuration.IConfiguration configuration = null!;
            public static Kazoo.Storage.Models.StorageAttachmentsEntry backend = null!;
        }
        """;

    [Fact]
    public void Every_csharp_block_of_the_package_README_compiles()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "PackageReadme", "README.md");
        var lines = File.ReadAllLines(path);
        var blocks = new List<(int Line, string Code)>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp")
            {
                continue;
            }

            var end = i + 1;
            while (!lines[end].TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                end++;
            }

            blocks.Add((i + 2, string.Join('\n', lines[(i + 1)..end])));
            i = end;
        }

        Assert.True(blocks.Count >= 4, "The README shows the handler in C#.");
        var usings = blocks.SelectMany(b => UsingDirective().Matches(b.Code).Select(m => m.Groups["ns"].Value));
        var globals = string.Join('\n', s_implicitUsings.Concat(usings).Distinct(StringComparer.Ordinal).Select(ns => $"global using {ns};"))
            + "\nglobal using static Ambient;\n" + Ambient;
        MetadataReference[] references = [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p))];

        var failures = new StringBuilder();
        foreach (var (line, code) in blocks)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest);
            var compilation = CSharpCompilation.Create(
                "ReadmeSnippet",
                [CSharpSyntaxTree.ParseText(globals, parse, cancellationToken: TestContext.Current.CancellationToken), CSharpSyntaxTree.ParseText($"#line {line} \"README.md\"\n{code}", parse, cancellationToken: TestContext.Current.CancellationToken)],
                references,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            foreach (var error in compilation.GetDiagnostics(TestContext.Current.CancellationToken).Where(d => d.Severity == DiagnosticSeverity.Error))
            {
                var where = error.Location.GetMappedLineSpan();
                failures.AppendLine($"README.md:{where.StartLinePosition.Line + 1}: {error.Id} {error.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
            }
        }

        Assert.True(failures.Length == 0, $"C# blocks of the package README do not compile:\n{failures}");
    }

    [Fact]
    public void The_README_has_the_sections_every_package_README_has()
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "PackageReadme", "README.md"));

        foreach (var section in new[] { "## Getting started", "## Key concepts", "## Examples", "## Troubleshooting" })
        {
            Assert.Contains("\n" + section + "\n", text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex(@"^using (?<ns>[A-Za-z0-9_.]+);\s*$", RegexOptions.Multiline)]
    private static partial Regex UsingDirective();
}
