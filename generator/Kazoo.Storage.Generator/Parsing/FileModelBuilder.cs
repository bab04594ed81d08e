using System;
using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// The per-file model step: parses one schema file strictly (with positions), checks it, loads it with NJsonSchema
/// (other files' roots as stand-ins, see <see cref="SchemaLoader"/>), and builds its types and validation nodes.
/// Never throws: any failure becomes a KZS010 diagnostic.
/// </summary>
internal static class FileModelBuilder
{
    public static FileModel Build(FileInput input)
    {
        var path = input.File.Path;
        var diagnostics = new List<DiagnosticInfo>();
        string? id = null;
        TypeRef? rootType = null;
        IReadOnlyList<TypeSpec> types = Array.Empty<TypeSpec>();
        IReadOnlyList<SourcePosition> positions = Array.Empty<SourcePosition>();
        IReadOnlyList<NamedPointer> unions = Array.Empty<NamedPointer>();
        SchemaNodesSpec? nodes = null;
        try
        {
            var source = SourceMap.TryParse(path, input.File.Text, diagnostics);
            if (source is not null)
            {
                if (source.Root is not JObject root)
                {
                    diagnostics.Add(source.Diagnostic(source.Root, DiagnosticDescriptors.MalformedJson.Id, "a schema must be a JSON object"));
                }
                else
                {
                    id = SchemaHeaderReader.IdOf(path, root, out var fromFileName);
                    if (fromFileName)
                    {
                        diagnostics.Add(source.Diagnostic(root["_id"] ?? root, DiagnosticDescriptors.InvalidSchemaId.Id, id));
                    }

                    if (input.DuplicateOf is { } first)
                    {
                        diagnostics.Add(source.Diagnostic(root["_id"] ?? root, DiagnosticDescriptors.DuplicateSchemaId.Id, id, first));
                        id = null;
                    }
                    else if (input.Id == id)
                    {
                        ReportUnresolved(input, id, source, diagnostics);
                        new SchemaWalker(diagnostics, new Dictionary<NJsonSchema.JsonSchema, string>()).Check(source);
                        if (SchemaLoader.Load(input, id, source, diagnostics) is { } loaded)
                        {
                            var typeBuilder = new TypeModelBuilder(loaded, input, diagnostics);
                            types = typeBuilder.Build();
                            rootType = typeBuilder.RootType;
                            positions = typeBuilder.Positions;
                            unions = typeBuilder.ClaimingUnions;
                            nodes = new ValidationModelBuilder(loaded).Build(loaded, input.ClassName);
                        }
                    }
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.GeneratorFailure.Id, "", 0, 0, 0, 0,
                new[] { ex.GetType().Name + ": " + ex.Message }.ToImmutableEquatableArray()));
            types = Array.Empty<TypeSpec>();
            positions = Array.Empty<SourcePosition>();
            unions = Array.Empty<NamedPointer>();
            rootType = null;
            nodes = null;
        }

        return new FileModel(
            path,
            id,
            input.RootName,
            rootType,
            types.ToImmutableEquatableArray(),
            positions.ToImmutableEquatableArray(),
            unions.ToImmutableEquatableArray(),
            nodes,
            diagnostics.Distinct().ToImmutableEquatableArray());
    }

    /// <summary>A bare-id <c>$ref</c> that no file's <c>_id</c> answers: KZS002 where it stands (the loader answers "any").</summary>
    private static void ReportUnresolved(FileInput input, string id, SourceMap source, List<DiagnosticInfo> diagnostics)
    {
        var known = new HashSet<string>(input.Foreign.Where(f => f.Exists).Select(f => f.Id), StringComparer.Ordinal) { id };
        foreach (var reference in source.Root.SelectTokens("..$ref").OfType<JValue>())
        {
            if (reference.Value is string target && !target.StartsWith("#", StringComparison.Ordinal) && !known.Contains(target))
            {
                diagnostics.Add(source.Diagnostic(reference, DiagnosticDescriptors.UnresolvedReference.Id, target));
            }
        }
    }
}
