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
using NJsonSchema.Visitors;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>A schema file that loaded: its id, its NJsonSchema object and its source map.</summary>
internal sealed class LoadedSchema
{
    public LoadedSchema(string id, JsonSchema schema, SourceMap source, string? typeName)
    {
        Id = id;
        Schema = schema;
        Source = source;
        TypeName = typeName;
    }

    public string Id { get; }

    public JsonSchema Schema { get; }

    public SourceMap Source { get; }

    public string? TypeName { get; }
}

/// <summary>
/// Loads Kazoo schemas with NJsonSchema without touching the file system: every file gets a fake URL document path
/// under a reserved domain, and one shared resolver answers Kazoo's bare-id <c>$ref</c>s from memory, so each id
/// is parsed once and self- or cross-file recursion resolves to the same object.
/// </summary>
internal static class SchemaLoader
{
    public const string BaseUrl = "https://kazoo-schemas.invalid/";

    public static IReadOnlyList<LoadedSchema> Load(IReadOnlyList<SchemaFile> files, List<DiagnosticInfo> diagnostics)
    {
        // 1. Strict JSON parse with positions; pick ids; drop duplicates (first path in ordinal order wins).
        var byId = new Dictionary<string, (SchemaFile File, SourceMap Source)>(StringComparer.Ordinal);
        foreach (var file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            var source = SourceMap.TryParse(file.Path, file.Text, diagnostics);
            if (source is null)
            {
                continue;
            }

            if (source.Root is not JObject root)
            {
                diagnostics.Add(source.Diagnostic(source.Root, DiagnosticDescriptors.MalformedJson.Id, "a schema must be a JSON object"));
                continue;
            }

            var id = IdOf(file.Path, root, source, diagnostics);
            if (byId.TryGetValue(id, out var existing))
            {
                diagnostics.Add(source.Diagnostic(root["_id"] ?? root, DiagnosticDescriptors.DuplicateSchemaId.Id, id, existing.File.Path));
                continue;
            }

            byId.Add(id, (file with { Text = Sanitize(file.Text, root, source, diagnostics) }, source));
        }

        // 2. Unresolved bare-id references, reported where the $ref stands; the resolver answers them with "any".
        foreach (var entry in byId.Values)
        {
            foreach (var reference in entry.Source.Root.SelectTokens("..$ref").OfType<JValue>())
            {
                if (reference.Value is string target && !target.StartsWith("#", StringComparison.Ordinal) && !byId.ContainsKey(target))
                {
                    diagnostics.Add(entry.Source.Diagnostic(reference, DiagnosticDescriptors.UnresolvedReference.Id, target));
                }
            }
        }

        // 3. Load through NJsonSchema with the in-memory resolver.
        var resolver = new InMemoryResolver(byId.ToDictionary(p => p.Key, p => p.Value.File.Text, StringComparer.Ordinal));
        var loaded = new List<LoadedSchema>();
        foreach (var pair in byId.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            JsonSchema schema;
            try
            {
                schema = resolver.Loaded.TryGetValue(pair.Key, out var already)
                    ? already
                    : JsonSchema.FromJsonAsync(pair.Value.File.Text, BaseUrl + pair.Key, resolver.Factory, CancellationToken.None)
                        .GetAwaiter().GetResult();
            }
            catch (Exception ex)
            {
                var message = ex.InnerException?.Message ?? ex.Message;
                diagnostics.Add(pair.Value.Source.Diagnostic("#", DiagnosticDescriptors.MalformedJson.Id, message));
                continue;
            }

            loaded.Add(new LoadedSchema(pair.Key, schema, pair.Value.Source, pair.Value.File.TypeName));
        }

        return loaded;
    }

    private static string IdOf(string path, JObject root, SourceMap source, List<DiagnosticInfo> diagnostics)
    {
        if (root["_id"] is JValue { Value: string id } && id.Length > 0)
        {
            return id;
        }

        var idToken = root["_id"];
        var fileName = System.IO.Path.GetFileName(path);
        var stem = fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? fileName.Substring(0, fileName.Length - 5) : fileName;
        diagnostics.Add(source.Diagnostic(idToken ?? root, DiagnosticDescriptors.InvalidSchemaId.Id, stem));
        return stem;
    }

    /// <summary>
    /// Keyword values that are valid JSON but that NJsonSchema's draft-04 model cannot hold (draft-3's
    /// <c>"required": true</c>, a <c>maximum</c> beyond decimal) would make it drop the whole file. Each such member is
    /// reported as KZS004 where it stands and left out, and the rest of the schema still generates.
    /// </summary>
    /// <summary>Building NJsonSchema's contract resolver costs ~100 ms; one shared instance serves every file.</summary>
    private static readonly Lazy<Newtonsoft.Json.Serialization.IContractResolver> s_contractResolver =
        new(() => JsonSchema.CreateJsonSerializerContractResolver(SchemaType.JsonSchema));

    private static string Sanitize(string text, JObject root, SourceMap source, List<DiagnosticInfo> diagnostics)
    {
        var copy = (JObject)root.DeepClone();
        var changed = false;
        var resolver = s_contractResolver.Value;
        for (var attempt = 0; attempt < 32; attempt++)
        {
            try
            {
                JsonSchemaSerialization.FromJson<JsonSchema>(copy.ToString(Newtonsoft.Json.Formatting.None), resolver);
                return changed ? copy.ToString(Newtonsoft.Json.Formatting.None) : text;
            }
            catch (Exception ex) when (ex is Newtonsoft.Json.JsonException or FormatException or OverflowException or InvalidCastException)
            {
                var path = (ex as Newtonsoft.Json.JsonReaderException)?.Path ?? (ex as Newtonsoft.Json.JsonSerializationException)?.Path;
                var token = string.IsNullOrEmpty(path) ? null : copy.SelectToken(path!);
                if (token?.Parent is not JProperty property)
                {
                    return copy.ToString(Newtonsoft.Json.Formatting.None);
                }

                var original = root.SelectToken(path!) ?? root;
                diagnostics.Add(source.Diagnostic(original, DiagnosticDescriptors.UnsupportedConstruct.Id,
                    "'" + property.Name + "': " + Shorten(property.Value.ToString(Newtonsoft.Json.Formatting.None)),
                    "the member is ignored (" + Shorten(ex.Message) + ")"));
                property.Remove();
                changed = true;
            }
        }

        return copy.ToString(Newtonsoft.Json.Formatting.None);
    }

    private static string Shorten(string text)
    {
        var firstLine = text.Split('\n')[0];
        var index = firstLine.IndexOf(" Path '", StringComparison.Ordinal);
        firstLine = index > 0 ? firstLine.Substring(0, index) : firstLine;
        return firstLine.Length > 80 ? firstLine.Substring(0, 80) + "…" : firstLine;
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

    private sealed class InMemoryResolver : JsonReferenceResolver
    {
        private readonly IReadOnlyDictionary<string, string> _sources;

        public InMemoryResolver(IReadOnlyDictionary<string, string> sources)
            : base(new NoAppend()) => _sources = sources;

        public Dictionary<string, JsonSchema> Loaded { get; } = new(StringComparer.Ordinal);

        public JsonReferenceResolver Factory(JsonSchema root)
        {
            Loaded[root.DocumentPath!.Substring(BaseUrl.Length)] = root;
            return this;
        }

        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default)
        {
            var id = url.StartsWith(BaseUrl, StringComparison.Ordinal) ? url.Substring(BaseUrl.Length) : url;
            if (Loaded.TryGetValue(id, out var schema))
            {
                return schema;
            }

            if (!_sources.TryGetValue(id, out var text))
            {
                // Already reported as KZS002 at the $ref: stand in "any JSON" so the rest still generates.
                return new JsonSchema();
            }

            return await JsonSchema.FromJsonAsync(text, BaseUrl + id, Factory, cancellationToken).ConfigureAwait(false);
        }
    }
}
