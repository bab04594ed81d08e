using System;
using System.Collections.Generic;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// One schema file, parsed and read: its id (Kazoo's <c>_id</c>, else the file name), its root schema object and
/// every schema object in it by JSON object, with the diagnostics found while reading. The output of the per-file
/// parse step: it depends on the file alone, so an edit re-reads only the edited file.
/// </summary>
internal sealed class SchemaDocument
{
    /// <summary>The scheme and host that stand for Kazoo's bare ids: <c>storage.plan</c> is <c>{KazooBase}storage.plan</c>.</summary>
    public const string KazooBase = "https://kazoo-schemas.invalid/";

    private readonly Dictionary<JObject, SchemaObject> _objects = new(ReferenceEqualityComparer.Instance);

    private SchemaDocument(string path, string id, string? typeName, bool generatesTypes, SourceMap source, bool builtIn)
    {
        Path = path;
        Id = id;
        TypeName = typeName;
        GeneratesTypes = generatesTypes;
        Source = source;
        IsBuiltIn = builtIn;
    }

    public string Path { get; }

    /// <summary>The schema id other files' bare <c>$ref</c>s name.</summary>
    public string Id { get; }

    /// <summary>The <c>KazooTypeName</c> override, if any.</summary>
    public string? TypeName { get; }

    /// <summary>
    /// Whether the file's root is a type of its own (the default), or only its validator is wanted
    /// (<c>GenerateTypes="false"</c>): then its schemas get types only where a schema with types refers to them.
    /// </summary>
    public bool GeneratesTypes { get; }

    public SourceMap Source { get; }

    /// <summary>A document the generator carries (the draft-04 meta-schema), not a file of the project.</summary>
    public bool IsBuiltIn { get; }

    public SchemaObject Root { get; private set; } = null!;

    /// <summary>Every schema object of the file, in reading order (a parent before its children).</summary>
    public List<SchemaObject> Objects { get; } = new();

    /// <summary>The schema object read from a JSON object of this file, if the reader reached it as a schema.</summary>
    public SchemaObject? ObjectAt(JObject json) => _objects.TryGetValue(json, out var schema) ? schema : null;

    internal void Add(SchemaObject schema)
    {
        _objects[schema.Json] = schema;
        Objects.Add(schema);
    }

    /// <summary>
    /// Parses and reads one schema file; null (with a located KZS001) when it is not a strict JSON object. Never throws
    /// for bad input.
    /// </summary>
    public static SchemaDocument? Read(SchemaFile file, List<DiagnosticInfo> diagnostics)
    {
        var source = SourceMap.TryParse(file.Path, file.Text, diagnostics);
        if (source is null)
        {
            return null;
        }

        if (source.Root is not JObject root)
        {
            diagnostics.Add(source.Diagnostic(source.Root, DiagnosticDescriptors.MalformedJson.Id, "a schema must be a JSON object"));
            return null;
        }

        var id = IdOf(file.Path, root, out var fromFileName);
        if (fromFileName)
        {
            diagnostics.Add(source.Diagnostic(root["_id"] ?? root, DiagnosticDescriptors.InvalidSchemaId.Id, id));
        }

        var document = new SchemaDocument(file.Path, id, file.TypeName, ReadGenerateTypes(file, diagnostics), source, builtIn: false);
        document.Root = new SchemaReader(document, diagnostics).Read(root, "#", KazooBase + Uri.EscapeDataString(id));
        return document;
    }

    /// <summary>The <c>GenerateTypes</c> metadata: unset or <c>true</c> generates types, <c>false</c> does not, anything else is a KZS013 and generates them.</summary>
    private static bool ReadGenerateTypes(SchemaFile file, List<DiagnosticInfo> diagnostics)
    {
        if (file.GenerateTypes is null || string.Equals(file.GenerateTypes, "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (string.Equals(file.GenerateTypes, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        diagnostics.Add(DiagnosticInfo.InFile(DiagnosticDescriptors.InvalidItemMetadata.Id, file.Path, file.GenerateTypes));
        return true;
    }

    /// <summary>Reads a document the generator carries; its JSON is known to be valid.</summary>
    public static SchemaDocument BuiltIn(string path, string id, string text, string scope)
    {
        var diagnostics = new List<DiagnosticInfo>();
        var source = SourceMap.TryParse(path, text, diagnostics, lineInfo: false)
                     ?? throw new InvalidOperationException("A built-in schema is not JSON: " + id);
        var document = new SchemaDocument(path, id, null, generatesTypes: false, source, builtIn: true);
        document.Root = new SchemaReader(document, diagnostics).Read((JObject)source.Root, "#", scope);
        return document;
    }

    /// <summary>
    /// Reads a JSON object of this document that no keyword reached as a schema (a <c>$ref</c> pointing into an unknown
    /// keyword's value, say): the same reading, with the scope of its nearest schema ancestor.
    /// </summary>
    public SchemaObject ReadAt(JObject json, string pointer, string scope, List<DiagnosticInfo> diagnostics) =>
        new SchemaReader(this, diagnostics, checkKeywords: false).Read(json, pointer, scope);

    /// <summary>The file's id: a string <c>_id</c>, else the file name without its extension.</summary>
    private static string IdOf(string path, JObject root, out bool fromFileName)
    {
        if (root["_id"] is JValue { Type: JTokenType.String } value && value.Value<string>() is { Length: > 0 } id)
        {
            fromFileName = false;
            return id;
        }

        fromFileName = true;
        var name = System.IO.Path.GetFileName(path);
        return name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 5) : name;
    }
}
