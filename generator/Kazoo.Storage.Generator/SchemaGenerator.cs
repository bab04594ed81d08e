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
/// records and reflection-free System.Text.Json converters.
/// Pipeline: schema files (path + text, per file) → collected → parsed once into an equatable model
/// (<see cref="GenerationSpec"/>) → one source output per type, plus the JSON entry point.
/// </summary>
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
        public const string Model = nameof(Model);
        public const string TypeOutputs = nameof(TypeOutputs);
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

        var model = files.Collect()
            .Combine(options)
            .Select(static (pair, cancellationToken) => BuildModel(pair.Left, pair.Right))
            .WithTrackingName(Steps.Model);

        context.RegisterSourceOutput(model.Combine(hasRuntime), static (spc, pair) =>
        {
            foreach (var diagnostic in pair.Left.Diagnostics)
            {
                spc.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (!pair.Right && pair.Left.Types.Count > 0)
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.MissingRuntime, Location.None));
            }
        });

        var typeOutputs = model
            .SelectMany(static (spec, _) => spec.Types.Select(type => new TypeEmitInput(spec.Namespace, spec.ContextName, type)))
            .WithTrackingName(Steps.TypeOutputs);
        context.RegisterSourceOutput(typeOutputs, static (spc, input) => AddSource(spc, input.Type.HintName, () => EmitType(input)));

        var contextOutput = model
            .Select(static (spec, _) => new ContextEmitInput(
                spec.Namespace,
                spec.ContextName,
                spec.Types
                    .SelectMany(t => t is UnionSpec union
                        ? new[] { new ContextTypeSpec(t.Name), new ContextTypeSpec(union.UnknownName) }
                        : new[] { new ContextTypeSpec(t.Name) })
                    .ToImmutableEquatableArray(),
                spec.Validation))
            .WithTrackingName(Steps.ContextOutput);
        context.RegisterSourceOutput(contextOutput, static (spc, input) =>
        {
            if (input.Types.Count > 0)
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

    /// <summary>Parses and models every schema; never throws: any failure becomes a KZS010 diagnostic.</summary>
    internal static GenerationSpec BuildModel(ImmutableArray<SchemaFile> files, GeneratorOptions options)
    {
        var diagnostics = new List<DiagnosticInfo>();
        IReadOnlyList<TypeSpec> types;
        ValidationSpec validation;
        try
        {
            var loaded = SchemaLoader.Load(files, diagnostics);
            types = new TypeModelBuilder(loaded, options.Namespace, options.ContextName, diagnostics).Build();
            validation = new ValidationModelBuilder().Build(loaded);
        }
        catch (Exception ex)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.GeneratorFailure.Id, "", 0, 0, 0, 0,
                new[] { ex.GetType().Name + ": " + ex.Message }.ToImmutableEquatableArray()));
            types = Array.Empty<TypeSpec>();
            validation = ValidationSpec.Empty;
        }

        return new GenerationSpec(
            options.Namespace,
            options.ContextName,
            types.OrderBy(t => t.Name, StringComparer.Ordinal).ToImmutableEquatableArray(),
            validation,
            diagnostics.Distinct().ToImmutableEquatableArray());
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
