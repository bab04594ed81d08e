using NJsonSchema;
using NJsonSchema.References;

namespace Kazoo.Storage.Benchmarks.Validation;

/// <summary>
/// Kazoo's storage schemas loaded into NJsonSchema 11 (draft-04) through an in-memory resolver for Kazoo's bare-id
/// <c>$ref</c>s: the recipe in <c>shared/notes/njsonschema-kazoo-refs.md</c> (fake https document paths, one shared
/// resolver, no appending of definitions; no file-system access).
/// </summary>
public sealed class NJsonSchemaKazoo
{
    /// <summary>Loads all 16 schemas.</summary>
    public NJsonSchemaKazoo()
    {
        var resolver = new InMemoryResolver(KazooSchemaTexts.All);
        foreach (var (id, text) in KazooSchemaTexts.All)
        {
            if (!resolver.Loaded.ContainsKey(id))
            {
                // Nothing here is really asynchronous: the task has completed when the call returns.
                JsonSchema.FromJsonAsync(text, InMemoryResolver.Base + id, resolver.Factory).GetAwaiter().GetResult();
            }
        }

        Storage = resolver.Loaded["storage"];
    }

    /// <summary>The root <c>storage</c> schema.</summary>
    public JsonSchema Storage { get; }

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
        public const string Base = "https://kazoo-schemas.invalid/";

        private readonly IReadOnlyDictionary<string, string> _sources;

        public InMemoryResolver(IReadOnlyDictionary<string, string> sources)
            : base(new NoAppend()) => _sources = sources;

        public Dictionary<string, JsonSchema> Loaded { get; } = new(StringComparer.Ordinal);

        public JsonReferenceResolver Factory(JsonSchema root)
        {
            Loaded[root.DocumentPath!.Substring(Base.Length)] = root;
            return this;
        }

        public override async Task<IJsonReference> ResolveUrlReferenceAsync(string url, CancellationToken cancellationToken = default)
        {
            var id = url.Substring(Base.Length);
            return Loaded.TryGetValue(id, out var schema)
                ? schema
                : await JsonSchema.FromJsonAsync(_sources[id], url, Factory, cancellationToken).ConfigureAwait(false);
        }
    }
}
