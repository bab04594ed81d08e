using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Kazoo.Storage.Generator.Parsing;

namespace Kazoo.Storage.Generator.Linking;

/// <summary>
/// The link: every read file of the compilation → the model the emitters need. In order:
/// <list type="number">
/// <item>files in path order; the first file with an id owns it, a later one is a KZS003 and is left out;</item>
/// <item>the documents in id order go into one <see cref="SchemaRegistry"/>, which resolves every <c>$ref</c>
/// (each unresolved one a KZS002 where it stands, wherever it stands);</item>
/// <item><see cref="SchemaNames"/> names the roots; <see cref="TypeModelBuilder"/> gives every schema reached from
/// them its C# shape and name; <see cref="ValidationModelBuilder"/> compiles each file's validation nodes;</item>
/// <item>the JSON entry point serves every type and composes every file's nodes.</item>
/// </list>
/// Never throws: an internal failure is a KZS010, and whatever was built before it is dropped.
/// </summary>
internal static class SchemaLinker
{
    public static GenerationModel Link(ImmutableArray<ParsedFile> files, GeneratorOptions options)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        foreach (var file in ordered)
        {
            diagnostics.AddRange(file.Diagnostics);
        }

        try
        {
            var owners = new Dictionary<string, SchemaDocument>(StringComparer.Ordinal);
            foreach (var document in ordered.Select(f => f.Document).Where(d => d is not null).Select(d => d!))
            {
                if (owners.TryGetValue(document.Id, out var first))
                {
                    diagnostics.Add(document.Source.Diagnostic("#/_id", DiagnosticDescriptors.DuplicateSchemaId.Id, document.Id, first.Path));
                    continue;
                }

                owners.Add(document.Id, document);
            }

            var documents = owners.Values.OrderBy(d => d.Id, StringComparer.Ordinal).ToList();
            var registry = new SchemaRegistry(documents, diagnostics);
            foreach (var schema in documents.SelectMany(d => d.Objects).Where(s => s.Ref is not null).ToList())
            {
                registry.Deref(schema);
            }

            var names = new SchemaNames(documents, options, diagnostics);
            var types = new TypeModelBuilder(registry, names, diagnostics).Build(documents);
            var nodes = documents.Select(d => new ValidationModelBuilder(registry, d).Build(names.NodesName(d))).ToList();

            var context = new ContextEmitInput(
                options.Namespace,
                options.ContextName,
                types.SelectMany(t => t switch
                    {
                        UnionSpec union => new[] { new ContextTypeSpec(t.Name, TypeRefKind.Union), new ContextTypeSpec(union.UnknownName, TypeRefKind.Record) },
                        EnumSpec => new[] { new ContextTypeSpec(t.Name, TypeRefKind.Enum) },
                        _ => new[] { new ContextTypeSpec(t.Name, TypeRefKind.Record) },
                    })
                    .OrderBy(n => n.Name, StringComparer.Ordinal)
                    .ToImmutableEquatableArray(),
                nodes.Select(n => new ContextSchemaSpec(n.SchemaId, n.NodesName, n.RootAliasOf)).ToImmutableEquatableArray());
            return new GenerationModel(
                types.ToImmutableEquatableArray(),
                nodes.ToImmutableEquatableArray(),
                context,
                diagnostics.Distinct().ToImmutableEquatableArray());
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.InFile(DiagnosticDescriptors.GeneratorFailure.Id, "", Failures.Describe(ex)));
            return new GenerationModel(
                ImmutableEquatableArray<TypeSpec>.Empty,
                ImmutableEquatableArray<SchemaNodesSpec>.Empty,
                new ContextEmitInput(options.Namespace, options.ContextName, ImmutableEquatableArray<ContextTypeSpec>.Empty, ImmutableEquatableArray<ContextSchemaSpec>.Empty),
                diagnostics.Distinct().ToImmutableEquatableArray());
        }
    }
}
