using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Kazoo.Storage.Generator.Emitting;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Linking;
using Kazoo.Storage.Generator.Model;
using Kazoo.Storage.Generator.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Kazoo.Storage.Generator;

/// <summary>
/// Turns the Kazoo JSON schemas a project opts in with <c>&lt;KazooSchema Include="…" /&gt;</c> into immutable
/// records and reflection-free System.Text.Json converters, and compiles them for validation.
/// </summary>
/// <remarks>
/// Three phases, as System.Text.Json's generator:
/// <list type="number">
/// <item><b>Parse</b>, per file (<see cref="ParsedFile"/>): strict JSON with positions, then every keyword read by
/// <see cref="SchemaReader"/>, the one reader of schema semantics. An edit re-reads only the edited file.</item>
/// <item><b>Link</b>, over all files (<see cref="SchemaLinker"/>): ids, <c>$ref</c> resolution as draft-04 defines it,
/// names, unions, C# shapes and compiled validation nodes, as one equatable <see cref="GenerationModel"/>.</item>
/// <item><b>Emit</b>, per type and per file's nodes: Roslyn compares the model item by item, so only what an edit
/// changed is written again.</item>
/// </list>
/// Every step's output is plain data (no ISymbol or Location); an unrelated C# edit leaves every step cached.
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class SchemaGenerator : IIncrementalGenerator
{
    /// <summary>The metadata (from the build props) that marks an AdditionalFiles item as a Kazoo schema.</summary>
    internal const string SchemaMetadata = "build_metadata.AdditionalFiles.KazooSchema";
    internal const string TypeNameMetadata = "build_metadata.AdditionalFiles.KazooTypeName";
    internal const string GenerateTypesMetadata = "build_metadata.AdditionalFiles.KazooGenerateTypes";
    internal const string RuntimeMarkerType = "Kazoo.Storage.Serialization.JsonExtensionData";

    /// <summary>Tracking names of the pipeline's steps, for incremental-generation tests.</summary>
    internal static class Steps
    {
        public const string SchemaFiles = nameof(SchemaFiles);
        public const string Parsed = nameof(Parsed);
        public const string Options = nameof(Options);
        public const string HasRuntime = nameof(HasRuntime);
        public const string Model = nameof(Model);
        public const string TypeOutputs = nameof(TypeOutputs);
        public const string SchemaNodeOutputs = nameof(SchemaNodeOutputs);
        public const string ContextOutput = nameof(ContextOutput);
    }

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadSchemaFile(pair.Left, pair.Right, cancellationToken))
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(Steps.SchemaFiles);

        var parsed = files
            .Select(static (file, _) => ParsedFile.Parse(file))
            .WithTrackingName(Steps.Parsed);

        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(Steps.Options);

        var hasRuntime = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(RuntimeMarkerType) is not null)
            .WithTrackingName(Steps.HasRuntime);

        var model = parsed.Collect()
            .Combine(options)
            .Select(static (pair, _) => SchemaLinker.Link(pair.Left, pair.Right))
            .WithTrackingName(Steps.Model);

        context.RegisterSourceOutput(model.Select(static (m, _) => (m.Diagnostics, m.Types.Count > 0)).Combine(hasRuntime), static (spc, pair) =>
        {
            foreach (var diagnostic in pair.Left.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (!pair.Right && pair.Left.Item2)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingRuntime, Location.None));
            }
        });

        var typeOutputs = model
            .Combine(options)
            .SelectMany(static (pair, _) => pair.Left.Types.Select(type => new TypeEmitInput(pair.Right.Namespace, pair.Right.ContextName, type)))
            .WithTrackingName(Steps.TypeOutputs);
        context.RegisterSourceOutput(typeOutputs, static (spc, input) => AddSource(spc, input.Type.HintName, () => EmitType(input)));

        var nodeOutputs = model
            .Combine(options.Combine(hasRuntime))
            .SelectMany(static (pair, _) => pair.Right.Right
                ? pair.Left.Nodes.Select(nodes => new SchemaNodesEmitInput(pair.Right.Left.Namespace, pair.Right.Left.ContextName, nodes))
                : Enumerable.Empty<SchemaNodesEmitInput>())
            .WithTrackingName(Steps.SchemaNodeOutputs);
        context.RegisterSourceOutput(nodeOutputs, static (spc, input) => AddSource(spc, input.HintName, () => EmitSchemaNodes(input)));

        var contextOutput = model
            .Combine(hasRuntime)
            .Select(static (pair, _) => pair.Right ? pair.Left.Context : pair.Left.Context with { Schemas = ImmutableEquatableArray<ContextSchemaSpec>.Empty })
            .WithTrackingName(Steps.ContextOutput);
        context.RegisterSourceOutput(contextOutput, static (spc, input) =>
        {
            if (input.Types.Count > 0 || input.Schemas.Count > 0)
            {
                AddSource(spc, input.ContextName + ".g.cs", () => EmitContext(input));
            }
        });
    }

    /// <summary>Adds one generated file; an emitter failure becomes a KZS010 diagnostic instead of a crashed generator.</summary>
    private static void AddSource(SourceProductionContext context, string hintName, Func<string> emit)
    {
        string text;
        try
        {
            text = emit();
        }
        catch (Exception ex)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, Location.None, hintName + ": " + Failures.Describe(ex)));
            return;
        }

        context.AddSource(hintName, SourceText.From(text, Encoding.UTF8));
    }

    private static SchemaFile? ReadSchemaFile(AdditionalText file, AnalyzerConfigOptionsProvider provider, System.Threading.CancellationToken cancellationToken)
    {
        var fileOptions = provider.GetOptions(file);
        if (!fileOptions.TryGetValue(SchemaMetadata, out var flag) || !string.Equals(flag, "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        fileOptions.TryGetValue(TypeNameMetadata, out var typeName);
        fileOptions.TryGetValue(GenerateTypesMetadata, out var generateTypes);
        var text = file.GetText(cancellationToken)?.ToString() ?? "";
        return new SchemaFile(
            file.Path,
            text,
            string.IsNullOrWhiteSpace(typeName) ? null : typeName!.Trim(),
            string.IsNullOrWhiteSpace(generateTypes) ? null : generateTypes!.Trim());
    }

    private static GeneratorOptions ReadOptions(AnalyzerConfigOptions options)
    {
        options.TryGetValue("build_property.KazooSchemaNamespace", out var ns);
        options.TryGetValue("build_property.RootNamespace", out var root);
        options.TryGetValue("build_property.KazooSchemaJsonContext", out var contextName);
        var chosen = !string.IsNullOrWhiteSpace(ns) ? ns! : !string.IsNullOrWhiteSpace(root) ? root! : "Kazoo.Schemas";
        var cleanNamespace = string.Join(".", chosen.Trim().Split('.').Select(Naming.Identifier));
        return new GeneratorOptions(cleanNamespace, Naming.Identifier(string.IsNullOrWhiteSpace(contextName) ? "KazooSchemaJson" : contextName!.Trim()));
    }

    internal static string EmitType(TypeEmitInput input)
    {
        var writer = CodeText.Start(input.Namespace);
        switch (input.Type)
        {
            case RecordSpec record:
                RecordEmitter.Emit(writer, input.Namespace, record, record.Discriminator is null ? RecordEmitter.Role.Plain : RecordEmitter.Role.Case, contextName: input.ContextName);
                break;
            case UnionSpec union:
                UnionEmitter.Emit(writer, input.Namespace, union);
                break;
            case EnumSpec enumSpec:
                EnumEmitter.Emit(writer, input.Namespace, enumSpec);
                break;
        }

        return writer.ToString();
    }

    internal static string EmitSchemaNodes(SchemaNodesEmitInput input)
    {
        var writer = CodeText.Start(input.Namespace);
        SchemaNodesEmitter.Emit(writer, input);
        return writer.ToString();
    }

    internal static string EmitContext(ContextEmitInput input)
    {
        var writer = CodeText.Start(input.Namespace);
        ContextEmitter.Emit(writer, input);
        return writer.ToString();
    }
}
