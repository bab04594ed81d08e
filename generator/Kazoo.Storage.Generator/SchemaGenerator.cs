using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Kazoo.Storage.Generator.Emitting;
using Kazoo.Storage.Generator.Helpers;
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
/// The pipeline keeps per-file work per file, so that Roslyn re-runs only what an edit touches:
/// <list type="number">
/// <item>each schema file → its <see cref="SchemaHeader"/> (a cheap JSON read: id, root facts, references);</item>
/// <item>all headers' ids → the <see cref="SchemaNames"/> (owners of ids, root type names), unchanged unless ids
/// change; all headers → one <see cref="SchemaEnvironment"/> (root facts, union claims), unchanged by an edit that keeps
/// every header equal; the few files whose text other files' models read are picked out of all files;</item>
/// <item>each file + the environment → its <see cref="FileInput"/>, only what that file's model uses → its
/// <see cref="FileModel"/> (NJsonSchema load, types, validation nodes; other files' roots symbolic);</item>
/// <item>each file model's names and cross-file facts → one <see cref="LinkEnvironment"/> (type renames, other files'
/// roots resolved, union cases), unchanged unless a type is added, removed or renamed; each file model + the link
/// environment → its linked types → one source output per type; the link environment → the JSON entry point; each
/// file's validation nodes → one source output per file.</item>
/// </list>
/// Every step's output is plain equatable data (no ISymbol, Location or NJsonSchema object).
/// </remarks>
[Generator(LanguageNames.CSharp)]
public sealed class SchemaGenerator : IIncrementalGenerator
{
    /// <summary>The metadata (from the build props) that marks an AdditionalFiles item as a Kazoo schema.</summary>
    internal const string SchemaMetadata = "build_metadata.AdditionalFiles.KazooSchema";
    internal const string TypeNameMetadata = "build_metadata.AdditionalFiles.KazooTypeName";
    internal const string RuntimeMarkerType = "Kazoo.Storage.Serialization.JsonExtensionData";

    /// <summary>Tracking names of the pipeline's steps, for incremental-generation tests.</summary>
    internal static class Steps
    {
        public const string SchemaFiles = nameof(SchemaFiles);
        public const string Options = nameof(Options);
        public const string Headers = nameof(Headers);
        public const string Names = nameof(Names);
        public const string Environment = nameof(Environment);
        public const string Documents = nameof(Documents);
        public const string FileInputs = nameof(FileInputs);
        public const string FileModels = nameof(FileModels);
        public const string LinkFacts = nameof(LinkFacts);
        public const string Link = nameof(Link);
        public const string LinkedFiles = nameof(LinkedFiles);
        public const string TypeOutputs = nameof(TypeOutputs);
        public const string SchemaNodeOutputs = nameof(SchemaNodeOutputs);
        public const string ContextOutput = nameof(ContextOutput);
        public const string HasRuntime = nameof(HasRuntime);
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

        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(Steps.Options);

        var hasRuntime = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(RuntimeMarkerType) is not null)
            .WithTrackingName(Steps.HasRuntime);

        var headers = files
            .Select(static (file, _) => SchemaHeaderReader.Read(file))
            .WithTrackingName(Steps.Headers);

        var names = headers
            .Select(static (header, _) => new NameKey(header.Path, header.Id, header.TypeName))
            .Collect()
            .Combine(options)
            .Select(static (pair, _) => new SchemaNames(pair.Left, pair.Right))
            .WithTrackingName(Steps.Names);

        var environment = headers.Collect()
            .Combine(names)
            .Select(static (pair, _) => new SchemaEnvironment(pair.Left, pair.Right))
            .WithTrackingName(Steps.Environment);

        var documents = files.Collect()
            .Combine(environment)
            .Select(static (pair, _) => pair.Right.DocumentsOf(pair.Left))
            .WithTrackingName(Steps.Documents);

        var fileModels = files
            .Combine(environment.Combine(documents))
            .Select(static (pair, _) => pair.Right.Left.InputFor(pair.Left, pair.Right.Right))
            .WithTrackingName(Steps.FileInputs)
            .Select(static (input, _) => FileModelBuilder.Build(input))
            .WithTrackingName(Steps.FileModels);

        var link = fileModels
            .Select(static (model, _) => LinkFacts.Of(model))
            .Where(static facts => facts is not null)
            .Select(static (facts, _) => facts!)
            .WithTrackingName(Steps.LinkFacts)
            .Collect()
            .Combine(options)
            .Select(static (pair, _) => new LinkEnvironment(pair.Left, pair.Right))
            .WithTrackingName(Steps.Link);

        var linkedFiles = fileModels
            .Combine(link)
            .Select(static (pair, _) => pair.Right.Link(pair.Left))
            .WithTrackingName(Steps.LinkedFiles);

        context.RegisterSourceOutput(linkedFiles, static (spc, file) =>
        {
            foreach (var diagnostic in file.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        context.RegisterSourceOutput(link.Combine(hasRuntime), static (spc, pair) =>
        {
            foreach (var diagnostic in pair.Left.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (!pair.Right && pair.Left.HasTypes)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingRuntime, Location.None));
            }
        });

        var typeOutputs = linkedFiles
            .Combine(options)
            .SelectMany(static (pair, _) => pair.Left.Types.Select(type => new TypeEmitInput(pair.Right.Namespace, pair.Right.ContextName, type)))
            .WithTrackingName(Steps.TypeOutputs);
        context.RegisterSourceOutput(typeOutputs, static (spc, input) => AddSource(spc, input.Type.HintName, () => EmitType(input)));

        var nodeOutputs = fileModels
            .Combine(options.Combine(hasRuntime))
            .Where(static pair => pair.Left.Nodes is not null && pair.Right.Right)
            .Select(static (pair, _) => new SchemaNodesEmitInput(pair.Right.Left.Namespace, pair.Right.Left.ContextName, pair.Left.Nodes!))
            .WithTrackingName(Steps.SchemaNodeOutputs);
        context.RegisterSourceOutput(nodeOutputs, static (spc, input) => AddSource(spc, input.HintName, () => EmitSchemaNodes(input)));

        var contextOutput = link
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
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.GeneratorFailure, Location.None, hintName + ": " + ex.GetType().Name + ": " + ex.Message));
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
        var text = file.GetText(cancellationToken)?.ToString() ?? "";
        return new SchemaFile(file.Path, text, string.IsNullOrWhiteSpace(typeName) ? null : typeName!.Trim());
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
        var writer = new SourceWriter();
        writer.WriteLines(CodeText.Header);
        writer.WriteLine("namespace " + input.Namespace);
        writer.OpenBlock();
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

        writer.CloseBlock();
        return writer.ToString();
    }

    internal static string EmitSchemaNodes(SchemaNodesEmitInput input)
    {
        var writer = new SourceWriter();
        writer.WriteLines(CodeText.Header);
        writer.WriteLine("namespace " + input.Namespace);
        writer.OpenBlock();
        ContextEmitter.EmitSchemaNodes(writer, input);
        writer.CloseBlock();
        return writer.ToString();
    }

    internal static string EmitContext(ContextEmitInput input)
    {
        var writer = new SourceWriter();
        writer.WriteLines(CodeText.Header);
        writer.WriteLine("namespace " + input.Namespace);
        writer.OpenBlock();
        ContextEmitter.Emit(writer, input);
        writer.CloseBlock();
        return writer.ToString();
    }
}
