using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>
/// Runs <see cref="SchemaGenerator"/> the way the compiler does, on in-memory schema files and MSBuild-style options,
/// and keeps the driver between runs so incremental behaviour can be observed.
/// The output namespace differs from Kazoo.Storage's own <c>Kazoo.Storage.Models</c>, so the generated types never
/// clash with the ones already compiled into the referenced Kazoo.Storage.dll.
/// </summary>
internal sealed class GeneratorHarness
{
    public const string Namespace = "Kazoo.Storage.Tests.Generated";
    public const string ContextName = "TestStorageJson";

    /// <summary>Latest language version; XML docs checked (CS1591 and friends), as Kazoo.Storage's build does.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private const string UserSourcePath = "User.cs";
    private const string DefaultUserSource = """
        namespace Kazoo.Storage.Tests.User;

        /// <summary>Code of the consuming project, unrelated to the schemas.</summary>
        public static class Marker
        {
        }
        """;

    private static readonly CSharpCompilationOptions s_compilationOptions = new(
        OutputKind.DynamicallyLinkedLibrary,
        nullableContextOptions: NullableContextOptions.Enable,
        warningLevel: 9999, // every warning wave
        deterministic: true);

    private readonly Dictionary<string, InMemoryAdditionalText> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions> _perFile = new(StringComparer.Ordinal);
    private readonly DictionaryAnalyzerConfigOptions _globalOptions;
    private GeneratorDriver _driver;
    private CSharpCompilation _compilation;

    public GeneratorHarness(IEnumerable<SchemaSource> schemas, string @namespace = Namespace, string contextName = ContextName)
    {
        foreach (var schema in schemas)
        {
            _texts.Add(schema.Path, new InMemoryAdditionalText(schema.Path, schema.Text));
            _perFile.Add(schema.Path, FileOptions(schema));
        }

        _globalOptions = new DictionaryAnalyzerConfigOptions(new Dictionary<string, string>
        {
            ["build_property.KazooSchemaNamespace"] = @namespace,
            ["build_property.KazooSchemaJsonContext"] = contextName,
            ["build_property.RootNamespace"] = "Kazoo.Storage.Tests",
        });

        _driver = CSharpGeneratorDriver.Create(
            new[] { new SchemaGenerator().AsSourceGenerator() },
            _texts.Values,
            ParseOptions,
            Options(),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        _compilation = CSharpCompilation.Create(
            "Kazoo.Storage.Generator.Tests.Output",
            new[] { CSharpSyntaxTree.ParseText(DefaultUserSource, ParseOptions, UserSourcePath) },
            CompilationReferences.All,
            s_compilationOptions);
    }

    /// <summary>Runs the generator once on the given schemas.</summary>
    public static GeneratorRun Run(IEnumerable<SchemaSource> schemas, string @namespace = Namespace, string contextName = ContextName)
        => new GeneratorHarness(schemas, @namespace, contextName).Run();

    /// <summary>Runs (or reruns, incrementally) the generator on the current schemas and compilation.</summary>
    public GeneratorRun Run()
    {
        _driver = _driver.RunGeneratorsAndUpdateCompilation(_compilation, out var outputCompilation, out var diagnostics);
        var result = _driver.GetRunResult().Results.Single();
        return new GeneratorRun(result, outputCompilation, diagnostics);
    }

    /// <summary>Changes one schema file's text, as an edit in the IDE would.</summary>
    public void ReplaceSchemaText(string path, string text)
    {
        var replacement = new InMemoryAdditionalText(path, text);
        _driver = _driver.ReplaceAdditionalText(_texts[path], replacement);
        _texts[path] = replacement;
    }

    /// <summary>Changes one schema file's item metadata (its <c>TypeName</c> and <c>GenerateTypes</c>), as an edit of the project file would.</summary>
    public void ReplaceSchemaMetadata(SchemaSource schema)
    {
        _perFile[schema.Path] = FileOptions(schema);
        _driver = _driver.WithUpdatedAnalyzerConfigOptions(Options());
    }

    /// <summary>The options as they stand now, copied: a later change makes a new provider rather than altering this one.</summary>
    private TestAnalyzerConfigOptionsProvider Options() =>
        new(_globalOptions, new Dictionary<string, Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions>(_perFile, StringComparer.Ordinal));

    /// <summary>As build/Kazoo.Storage.Generator.targets and .props hand a schema's item metadata over (unset metadata is empty).</summary>
    private static DictionaryAnalyzerConfigOptions FileOptions(SchemaSource schema) => new(new Dictionary<string, string>
    {
        ["build_metadata.AdditionalFiles.KazooSchema"] = "true",
        ["build_metadata.AdditionalFiles.KazooTypeName"] = schema.TypeName ?? "",
        ["build_metadata.AdditionalFiles.KazooGenerateTypes"] = schema.GenerateTypes ?? "",
    });

    /// <summary>Replaces the consuming project's own (schema-unrelated) C# code.</summary>
    public void ReplaceUserSource(string text)
    {
        var old = _compilation.SyntaxTrees.Single(tree => tree.FilePath == UserSourcePath);
        _compilation = _compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, ParseOptions, UserSourcePath));
    }
}
