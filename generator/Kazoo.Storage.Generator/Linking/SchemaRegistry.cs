using System;
using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Parsing;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Linking;

/// <summary>
/// Every schema document of a compilation, addressable as draft-04 addresses them, and the resolution of
/// <c>$ref</c>s against them (the link of references across files):
/// <list type="number">
/// <item>a <c>$ref</c> is resolved against the scope of the object it stands in (the base URI after every enclosing
/// <c>id</c>; a file's own base is <c>https://kazoo-schemas.invalid/{its _id}</c>, so Kazoo's bare ids are relative
/// references to a sibling document);</item>
/// <item>the URI without its fragment names a document: a file's base, any <c>id</c> that changes the scope (a file's
/// root or a sub-schema), the draft-04 meta-schema; failing that, the reference as written is a Kazoo bare id;</item>
/// <item>the fragment is empty (the document), a JSON pointer (percent-decoded, <c>~1</c> and <c>~0</c> undone, applied
/// to that document's JSON), or a plain name declared by an <c>id</c> such as <c>"#foo"</c>.</item>
/// </list>
/// A <c>$ref</c> that resolves to nothing is a KZS002 where it stands; a chain of <c>$ref</c>s that comes back to itself
/// is a KZS012. Resolution never throws.
/// </summary>
internal sealed class SchemaRegistry
{
    public const string MetaSchemaUri = "http://json-schema.org/draft-04/schema";

    private readonly Dictionary<string, SchemaObject> _byUri = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SchemaDocument> _byId = new(StringComparer.Ordinal);
    private readonly Dictionary<SchemaObject, SchemaObject?> _targets = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<JObject, SchemaObject> _lateObjects = new(ReferenceEqualityComparer.Instance);
    private readonly List<DiagnosticInfo> _diagnostics;
    private readonly Dictionary<string, SchemaDocument> _builtIns = new(StringComparer.Ordinal);

    /// <param name="documents">The compilation's documents, in a stable order; the first of two with one id wins.</param>
    /// <param name="diagnostics">Where resolution problems are reported.</param>
    public SchemaRegistry(IEnumerable<SchemaDocument> documents, List<DiagnosticInfo> diagnostics)
    {
        _diagnostics = diagnostics;
        foreach (var document in documents)
        {
            _byId[document.Id] = document;
            Register(document);
        }
    }

    private void Register(SchemaDocument document)
    {
        foreach (var schema in document.Objects)
        {
            if (schema.IsRoot)
            {
                Add(SchemaDocument.KazooBase + Uri.EscapeDataString(document.Id), schema);
                Add(schema.Scope, schema);
            }

            if (SchemaReader.ScopeId(schema.Json) is { } id
                && SchemaUris.TryResolve(ParentScope(schema), id.Value<string>()!, out var resolved))
            {
                // "http://x/y" names a document; "#foo" or "http://x/y#foo" names this object by a plain name.
                Add(SchemaUris.Fragment(resolved).Length == 0 ? SchemaUris.WithoutFragment(resolved) : resolved, schema);
            }
        }
    }

    private void Add(string uri, SchemaObject schema)
    {
        if (!_byUri.ContainsKey(uri))
        {
            _byUri[uri] = schema;
        }
    }

    /// <summary>The scope the object inherits (its own scope is after its id).</summary>
    private static string ParentScope(SchemaObject schema) =>
        schema.IsRoot ? SchemaDocument.KazooBase + Uri.EscapeDataString(schema.Document.Id) : ParentOf(schema)?.Scope ?? schema.Scope;

    private static SchemaObject? ParentOf(SchemaObject schema)
    {
        for (var token = schema.Json.Parent; token is not null; token = token.Parent)
        {
            if (token is JObject json && schema.Document.ObjectAt(json) is { } parent)
            {
                return parent;
            }
        }

        return null;
    }

    public IReadOnlyDictionary<string, SchemaDocument> Documents => _byId;

    /// <summary>
    /// The schema a schema stands for: itself, or for a <c>$ref</c> the end of its chain of references (its siblings
    /// ignored, as draft-04 says). Null when a reference in the chain does not resolve or the chain is a cycle.
    /// </summary>
    public SchemaObject? Deref(SchemaObject schema)
    {
        var seen = (HashSet<SchemaObject>?)null;
        var current = schema;
        while (current.Ref is not null)
        {
            if (!_targets.TryGetValue(current, out var target))
            {
                target = Resolve(current);
                _targets[current] = target;
            }

            if (target is null)
            {
                return null;
            }

            seen ??= new HashSet<SchemaObject>(ReferenceEqualityComparer.Instance) { schema };
            if (!seen.Add(target))
            {
                Report(schema, DiagnosticDescriptors.ReferenceCycle.Id, schema.Ref!);
                _targets[schema] = null;
                return null;
            }

            current = target;
        }

        return current;
    }

    /// <summary>
    /// The schema a schema stands for, for its C# shape: through <c>$ref</c>s, and through a lone <c>oneOf</c>,
    /// <c>anyOf</c> or <c>allOf</c> branch that is a <c>$ref</c> when nothing else constrains the value (Kazoo's
    /// connections wrap a <c>$ref</c> so). Null when a reference does not resolve (already reported).
    /// </summary>
    public SchemaObject? Shape(SchemaObject schema)
    {
        for (var hops = 0; hops < 64; hops++)
        {
            if (Deref(schema) is not { } target)
            {
                return null;
            }

            var lone = LoneReference(target);
            if (lone is null)
            {
                return target;
            }

            schema = lone;
        }

        return null;
    }

    private static SchemaObject? LoneReference(SchemaObject schema)
    {
        var branches = schema.OneOf.Count + schema.AnyOf.Count + schema.AllOf.Count;
        if (branches != 1 || schema.Types != 0 || schema.Properties.Count > 0 || schema.PatternProperties.Count > 0
            || schema.AdditionalProperties is not null || !schema.AdditionalPropertiesAllowed || schema.Items is not null
            || schema.TupleItems is not null || schema.Enum is not null || schema.Not is not null)
        {
            return null;
        }

        var branch = schema.OneOf.Count > 0 ? schema.OneOf[0] : schema.AnyOf.Count > 0 ? schema.AnyOf[0] : schema.AllOf[0];
        return branch.Ref is not null ? branch : null;
    }

    /// <summary>Resolves one <c>$ref</c> (one step), reporting a KZS002 where it stands when nothing answers it.</summary>
    private SchemaObject? Resolve(SchemaObject schema)
    {
        var reference = schema.Ref!;
        var found = SchemaUris.TryResolve(schema.Scope, reference, out var uri) ? Find(uri) : null;
        if (found is null && !reference.StartsWith("#", StringComparison.Ordinal))
        {
            // Kazoo's bare id, as written ("storage.plan", "other#/definitions/x"), whatever the current scope.
            var hash = reference.IndexOf('#');
            var id = hash < 0 ? reference : reference.Substring(0, hash);
            if (_byId.TryGetValue(id, out var document) || _byId.TryGetValue(FileStem(id), out document))
            {
                found = Within(document.Root, hash < 0 ? "" : reference.Substring(hash + 1));
            }
            else if (TryBuiltIn(SchemaDocument.KazooBase + Uri.EscapeDataString(id), out var builtIn))
            {
                found = Within(builtIn, hash < 0 ? "" : reference.Substring(hash + 1));
            }
        }

        if (found is null)
        {
            Report(schema, DiagnosticDescriptors.UnresolvedReference.Id, reference);
        }

        return found;
    }

    /// <summary>
    /// The last path segment of a URI without <c>.json</c>: a file without an <c>_id</c> or <c>id</c> answers a URI
    /// that ends in its name (<c>http://localhost:1234/folder/integer.json</c> → the file <c>integer.json</c>).
    /// </summary>
    private static string FileStem(string uri)
    {
        var name = uri.Substring(uri.LastIndexOf('/') + 1);
        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 5) : name;
    }

    private SchemaObject? Find(string uri)
    {
        if (_byUri.TryGetValue(uri, out var named))
        {
            return named; // a plain name ("…#foo") or a whole document
        }

        var documentUri = SchemaUris.WithoutFragment(uri);
        if (!_byUri.TryGetValue(documentUri, out var document) && !TryBuiltIn(documentUri, out document))
        {
            return null;
        }

        return Within(document, SchemaUris.Fragment(uri));
    }

    /// <summary>The object a fragment names within a document (or within the object an id made a document).</summary>
    private SchemaObject? Within(SchemaObject document, string fragment)
    {
        if (fragment.Length == 0)
        {
            return document;
        }

        if (!fragment.StartsWith("/", StringComparison.Ordinal) && !fragment.StartsWith("%2F", StringComparison.OrdinalIgnoreCase))
        {
            return _byUri.TryGetValue(SchemaUris.WithoutFragment(document.Scope) + "#" + fragment, out var named) ? named : null;
        }

        JToken token = document.Json;
        var pointer = document.Pointer;
        foreach (var part in SchemaUris.PointerTokens(fragment))
        {
            JToken? next = token switch
            {
                JObject obj => obj.Property(part)?.Value,
                JArray array when int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (next is null)
            {
                return null;
            }

            token = next;
            pointer += "/" + SchemaUris.EscapePointer(part);
        }

        if (token is not JObject json)
        {
            return null;
        }

        if (document.Document.ObjectAt(json) is { } known)
        {
            return known;
        }

        // A JSON object no keyword made a schema (inside an unknown keyword's value): read it now, once.
        if (!_lateObjects.TryGetValue(json, out var late))
        {
            late = document.Document.ReadAt(json, pointer, NearestScope(document.Document, json), _diagnostics);
            _lateObjects[json] = late;
        }

        return late;
    }

    private static string NearestScope(SchemaDocument document, JToken token)
    {
        for (var parent = token.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is JObject json && document.ObjectAt(json) is { } schema)
            {
                return schema.Scope;
            }
        }

        return document.Root.Scope;
    }

    /// <summary>
    /// A document the generator carries: the draft-04 meta-schema, or one of the SDK's storage schemas (by its Kazoo
    /// base URI) when no file of the compilation has that id. Read once per link, on first use.
    /// </summary>
    private bool TryBuiltIn(string uri, out SchemaObject document)
    {
        if (!_builtIns.TryGetValue(uri, out var builtIn))
        {
            var id = uri.StartsWith(SchemaDocument.KazooBase, StringComparison.Ordinal) ? Uri.UnescapeDataString(uri.Substring(SchemaDocument.KazooBase.Length)) : null;
            var text = uri == MetaSchemaUri ? BuiltInSchemas.Draft04 : id is not null ? BuiltInSchemas.Storage(id) : null;
            if (text is null)
            {
                document = null!;
                return false;
            }

            builtIn = id is null
                ? SchemaDocument.BuiltIn("draft-04-schema.json", MetaSchemaUri + "#", text, MetaSchemaUri + "#")
                : SchemaDocument.BuiltIn(id + ".json", id, text, uri);
            _builtIns[uri] = builtIn;
        }

        document = builtIn.Root;
        return true;
    }

    private void Report(SchemaObject schema, string id, params string[] args)
    {
        if (schema.Document.IsBuiltIn)
        {
            return;
        }

        _diagnostics.Add(schema.Document.Source.Diagnostic(schema.Json.Property("$ref")?.Value ?? schema.Json, id, args));
    }
}
