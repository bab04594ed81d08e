using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Infrastructure;
using NJsonSchema.References;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// One schema file loaded with NJsonSchema for its model step: its root, and the roots of the other files it refers to,
/// each either loaded from its text (the few documents whose content this file's model reads) or a stand-in built from
/// the facts of its header. Never leaves the model step: NJsonSchema objects are mutable and not equatable.
/// </summary>
internal sealed class LoadedFile
{
    public LoadedFile(
        string id,
        JsonSchema schema,
        SourceMap source,
        IReadOnlyDictionary<JsonSchema, string> foreign,
        IReadOnlyDictionary<JsonSchema, string> actualIds,
        IReadOnlyDictionary<string, JsonSchema> documents)
    {
        Id = id;
        Schema = schema;
        Source = source;
        Foreign = foreign;
        ActualIds = actualIds;
        Documents = documents;
    }

    public string Id { get; }

    public JsonSchema Schema { get; }

    public SourceMap Source { get; }

    /// <summary>Every other file's root this file's schemas can reach (stand-ins and loaded documents), with its id.</summary>
    public IReadOnlyDictionary<JsonSchema, string> Foreign { get; }

    /// <summary>
    /// The id of the root each root object stands for after following root-only <c>$ref</c>s (this file's root, the
    /// stand-ins, the loaded documents): two stand-ins of one root are one branch for a union, as one object would be.
    /// </summary>
    public IReadOnlyDictionary<JsonSchema, string> ActualIds { get; }

    /// <summary>What tells union branches apart: the root a stand-in stands for, else the schema object itself.</summary>
    public object Identity(JsonSchema schema) => ActualIds.TryGetValue(schema, out var id) ? id : schema;

    /// <summary>The other files loaded from their text, by id.</summary>
    public IReadOnlyDictionary<string, JsonSchema> Documents { get; }
}

/// <summary>
/// Loads one Kazoo schema file with NJsonSchema without touching the file system: every document gets a fake URL
/// under a reserved domain, and the resolver answers Kazoo's bare-id <c>$ref</c>s from memory: the file itself, the
/// documents its model reads (<see cref="FileInput.Documents"/>), a stand-in schema carrying the header facts of any
/// other file's root, or "any JSON" for an id no file has (reported as KZS002 where the <c>$ref</c> stands).
/// </summary>
internal static class SchemaLoader
{
    public const string BaseUrl = "https://kazoo-schemas.invalid/";

    /// <summary>Building NJsonSchema's contract resolver costs ~100 ms; one shared instance serves every file.</summary>
    private static readonly Lazy<Newtonsoft.Json.Serialization.IContractResolver> s_contractResolver =
        new(() => JsonSchema.CreateJsonSerializerContractResolver(SchemaType.JsonSchema), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Loads the file, or returns null after reporting why (KZS001 at the file's start).</summary>
    public static LoadedFile? Load(FileInput input, string id, SourceMap source, List<DiagnosticInfo> diagnostics)
    {
        var resolver = new FileResolver(input, id);
        try
        {
            var schema = resolver.LoadDocument(id, input.File.Text, source, diagnostics);
            foreach (var document in input.Documents)
            {
                resolver.EnsureLoaded(document.Id);
            }

            resolver.ActualIds[schema] = id;
            return new LoadedFile(id, schema, source, resolver.Foreign, resolver.ActualIds, resolver.Documents);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            diagnostics.Add(source.Diagnostic("#", DiagnosticDescriptors.MalformedJson.Id, message));
            return null;
        }
    }

    /// <summary>
    /// Keyword values that are valid JSON but that NJsonSchema's draft-04 model cannot hold (draft-3's
    /// <c>"required": true</c>, a <c>maximum</c> beyond decimal) would make it drop the whole file. Each such member is
    /// reported as KZS004 where it stands (for the file being modelled; silently for a document it reads) and left out,
    /// and the rest of the schema still loads. Only files with such a member pay for a second parse.
    /// </summary>
    private static JsonSchema Deserialize(string text, SourceMap? source, List<DiagnosticInfo>? diagnostics)
    {
        var resolver = s_contractResolver.Value;
        JObject? original = null;
        JObject? copy = null;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return JsonSchemaSerialization.FromJson<JsonSchema>(text, resolver)
                       ?? throw new InvalidOperationException("The schema is empty.");
            }
            catch (Exception ex) when (attempt < 32 && ex is Newtonsoft.Json.JsonException or FormatException or OverflowException or InvalidCastException)
            {
                var path = (ex as Newtonsoft.Json.JsonReaderException)?.Path ?? (ex as Newtonsoft.Json.JsonSerializationException)?.Path;
                original ??= source?.Root as JObject ?? ParseObject(text);
                copy ??= (JObject?)original?.DeepClone();
                var token = string.IsNullOrEmpty(path) || copy is null ? null : copy.SelectToken(path!);
                if (token?.Parent is not JProperty property)
                {
                    throw;
                }

                if (source is not null && diagnostics is not null)
                {
                    var at = original!.SelectToken(path!) ?? original;
                    diagnostics.Add(source.Diagnostic(at, DiagnosticDescriptors.UnsupportedConstruct.Id,
                        "'" + property.Name + "': " + Shorten(property.Value.ToString(Newtonsoft.Json.Formatting.None)),
                        "the member is ignored (" + Shorten(ex.Message) + ")"));
                }

                property.Remove();
                text = copy!.ToString(Newtonsoft.Json.Formatting.None);
            }
        }
    }

    private static JObject? ParseObject(string text)
    {
        try
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new System.IO.StringReader(text)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            return JToken.ReadFrom(reader) as JObject;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    private static string Shorten(string text)
    {
        var firstLine = text.Split('\n')[0];
        var index = firstLine.IndexOf(" Path '", StringComparison.Ordinal);
        firstLine = index > 0 ? firstLine.Substring(0, index) : firstLine;
        return firstLine.Length > 80 ? firstLine.Substring(0, 80) + "…" : firstLine;
    }

    /// <summary>Whether any object in the JSON has a <c>$ref</c> member.</summary>
    private static bool HasReference(JToken token)
    {
        switch (token)
        {
            case JObject obj:
                foreach (var property in obj.Properties())
                {
                    if (property.Name == "$ref" || HasReference(property.Value))
                    {
                        return true;
                    }
                }

                return false;
            case JArray array:
                foreach (var item in array)
                {
                    if (HasReference(item))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>A stand-in for another file's root: its type, description, default and discriminator candidates.</summary>
    private static JsonSchema StandIn(RootFacts facts)
    {
        var type = (JsonObjectType)facts.TypeFlags;
        var schema = new JsonSchema
        {
            Type = facts.ObjectLike ? JsonObjectType.Object | (type & JsonObjectType.Null) : type,
            Description = facts.Description,
        };
        if (facts.DefaultJson is { } defaultJson)
        {
            using var reader = new Newtonsoft.Json.JsonTextReader(new System.IO.StringReader(defaultJson)) { DateParseHandling = Newtonsoft.Json.DateParseHandling.None };
            schema.Default = JToken.ReadFrom(reader);
        }

        foreach (var candidate in facts.Candidates)
        {
            var property = new JsonSchemaProperty { Type = JsonObjectType.String };
            property.Enumeration.Add(candidate.Value);
            schema.Properties[candidate.Name] = property;
            schema.RequiredProperties.Add(candidate.Name);
        }

        return schema;
    }

    /// <summary>Copies nothing into the roots' definitions (NJsonSchema's default appender would).</summary>
    private sealed class NoAppend : JsonSchemaAppender
    {
        public NoAppend()
            : base(new JsonSchema(), new DefaultTypeNameGenerator())
        {
        }

        public override void AppendSchema(JsonSchema schema, string? typeNameHint)
        {
        }
    }

    private sealed class FileResolver : JsonReferenceResolver
    {
        private readonly FileInput _input;
        private readonly string _id;
        private readonly Dictionary<string, ForeignSchema> _foreignById = new(StringComparer.Ordinal);
        private readonly Dictionary<string, SchemaDocument> _documentsById = new(StringComparer.Ordinal);
        private readonly Dictionary<string, JsonSchema> _roots = new(StringComparer.Ordinal);
        private readonly HashSet<JsonSchema> _opaque = new(ReferenceEqualityComparer.Instance);

        public FileResolver(FileInput input, string id)
            : base(new NoAppend())
        {
            _input = input;
            _id = id;
            foreach (var foreign in input.Foreign)
            {
                _foreignById[foreign.Id] = foreign;
            }

            foreach (var document in input.Documents)
            {
                _documentsById[document.Id] = document;
            }
        }

        public Dictionary<JsonSchema, string> Foreign { get; } = new(ReferenceEqualityComparer.Instance);

        public Dictionary<string, JsonSchema> Documents { get; } = new(StringComparer.Ordinal);

        public Dictionary<JsonSchema, string> ActualIds { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Deserializes a document, registers it under its URL, and resolves its references.</summary>
        public JsonSchema LoadDocument(string id, string text, SourceMap? source, List<DiagnosticInfo>? diagnostics)
        {
            var schema = Deserialize(text, source, diagnostics);
            var url = BaseUrl + id;
            schema.DocumentPath = url;
            _roots[id] = schema;
            if (id != _id)
            {
                Documents[id] = schema;
                Foreign[schema] = id;
                ActualIds[schema] = _foreignById.TryGetValue(id, out var foreign) && foreign.ActualId is { } actual ? actual : id;
            }

            AddDocumentReference(url, schema);
            if (source is null || HasReference(source.Root))
            {
                // NJsonSchema's reference pass walks the whole object graph by reflection: files without a single $ref
                // (half of a Kazoo-style corpus) skip it.
                JsonSchemaReferenceUtilities.UpdateSchemaReferencesAsync(schema, this, s_contractResolver.Value, CancellationToken.None)
                    .GetAwaiter().GetResult();
            }

            return schema;
        }

        /// <summary>Loads a document the model reads even if no <c>$ref</c> of this file leads to it.</summary>
        public void EnsureLoaded(string id) => Resolve(id);

        public override Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default)
        {
            var id = url.StartsWith(BaseUrl, StringComparison.Ordinal) ? url.Substring(BaseUrl.Length) : url;
            return Task.FromResult<IJsonReference>(Resolve(id));
        }

        private JsonSchema Resolve(string id)
        {
            if (_roots.TryGetValue(id, out var loaded))
            {
                return loaded;
            }

            if (_documentsById.TryGetValue(id, out var document))
            {
                return LoadDocument(id, document.Text, null, null);
            }

            if (!_foreignById.TryGetValue(id, out var foreign) || foreign.ActualId is not { } actual)
            {
                // Reported as KZS002 at the $ref (or a root-only $ref cycle): stand in "any JSON" so the rest still generates.
                var any = new JsonSchema();
                _opaque.Add(any);
                _roots[id] = any;
                return any;
            }

            if (actual != id && (actual == _id || _documentsById.ContainsKey(actual)))
            {
                return Resolve(actual);
            }

            // One stand-in per id referred to (a $ref to an id whose root is a $ref to another file still validates
            // through that root's own node); ActualIds tells which root it stands for.
            var standIn = StandIn(foreign.Facts);
            standIn.DocumentPath = BaseUrl + id;
            _opaque.Add(standIn);
            Foreign[standIn] = id;
            ActualIds[standIn] = actual;
            _roots[id] = standIn;
            return standIn;
        }

        /// <summary>A fragment of a stand-in or of "any JSON" is "any JSON" (the <c>$ref</c> is reported as KZS002).</summary>
        public override IJsonReference ResolveDocumentReference(object rootObject, string jsonPath, Type targetType, Newtonsoft.Json.Serialization.IContractResolver contractResolver)
        {
            if (rootObject is JsonSchema schema && _opaque.Contains(schema))
            {
                return new JsonSchema();
            }

            return base.ResolveDocumentReference(rootObject, jsonPath, targetType, contractResolver);
        }
    }
}
