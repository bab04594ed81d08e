using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Crossbar;

/// <summary>
/// The body of a PATCH: a JSON object that Kazoo deep-merges into the stored document. A value replaces the stored one,
/// an object merges into the stored object, <c>null</c> removes the key and <c>{}</c> replaces the stored object with an
/// empty one (what Kazoo really does: spec Corrections #1). Build one with <see cref="Between"/> (the smallest patch that
/// turns one document into another) or with a <see cref="StoragePatchBuilder"/>.
/// </summary>
/// <remarks><see cref="ToString"/> masks secret values; <see cref="ToJson"/> does not.</remarks>
public sealed class StoragePatch
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private StoragePatch(JsonElement body, StorageDocument? target)
    {
        Body = body;
        Target = target;
    }

    /// <summary>The patch object sent as the request's <c>data</c>.</summary>
    public JsonElement Body { get; }

    /// <summary>Whether the patch changes nothing.</summary>
    public bool IsEmpty => !Body.EnumerateObject().Any();

    /// <summary>The whole document the patch was computed to reach, when it came from <see cref="Between"/>.</summary>
    internal StorageDocument? Target { get; }

    /// <summary>
    /// The smallest patch that turns <paramref name="original"/> into <paramref name="changed"/>: changed and added
    /// values, <c>null</c> for removed keys, nested objects merged member by member, arrays replaced whole. An object
    /// emptied by the change is sent as a <c>null</c> per removed key, not as <c>{}</c>: Kazoo replaces the stored object
    /// with <c>{}</c>, which would also drop keys other writers added since <paramref name="original"/> was read. Only what
    /// differs is sent, so members the change left alone (attachment entries with their <c>_sig</c>s and key order
    /// included) stay as they are stored. Top-level <c>id</c>, <c>_*</c> and <c>pvt_*</c> keys are left out (Crossbar
    /// ignores them); <c>_sig</c> inside attachment entries is compared like any other member.
    /// </summary>
    /// <param name="original">The document as read.</param>
    /// <param name="changed">The document as wanted.</param>
    /// <returns>The patch; <see cref="IsEmpty"/> when the documents are equal.</returns>
    public static StoragePatch Between(StorageDocument original, StorageDocument changed)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(changed);
        var typeInfo = KazooStorageJson.GetTypeInfo<StorageDocument>();
        var before = JsonSerializer.SerializeToElement(original, typeInfo);
        var after = JsonSerializer.SerializeToElement(changed, typeInfo);
        return new StoragePatch(Write(writer => WriteDiff(writer, before, after, topLevel: true)), changed);
    }

    /// <summary>A patch from its JSON (the object sent as <c>data</c>).</summary>
    /// <param name="body">A JSON object.</param>
    /// <exception cref="ArgumentException"><paramref name="body"/> is not an object.</exception>
    public static StoragePatch FromJson(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException("A PATCH body is a JSON object, not " + body.ValueKind + ".", nameof(body));
        }

        return new StoragePatch(body.Clone(), null);
    }

    /// <summary>A patch from its JSON text.</summary>
    /// <param name="json">A JSON object.</param>
    /// <exception cref="ArgumentException"><paramref name="json"/> is not an object.</exception>
    /// <exception cref="JsonException"><paramref name="json"/> is not JSON.</exception>
    public static StoragePatch FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = JsonDocument.Parse(json);
        return FromJson(document.RootElement);
    }

    /// <summary>The patch as compact JSON text, secrets included (this is what is sent).</summary>
    public string ToJson() => Body.GetRawText();

    /// <summary>The patch as JSON with secret values masked.</summary>
    public override string ToString()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            SecretMask.WriteMasked(writer, Body, false);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Checks what can be checked before sending. A patch from <see cref="Between"/> is checked as the whole document it
    /// leads to. Any other patch is checked on its own: removals (<c>null</c>) are skipped, and so are the rules the
    /// stored document may satisfy (<c>required</c> members, references between <c>plan</c> and <c>attachments</c>) —
    /// Kazoo checks the merged document.
    /// </summary>
    internal ValidationErrors Validate(ValidationOptions options)
    {
        if (Target is not null)
        {
            return Target.Validate(options);
        }

        var setValues = Write(writer => WriteWithoutNulls(writer, Body));
        var errors = StorageDocument.Validate(setValues, options with { CheckReferences = false });
        var kept = errors.Where(e => e.Code != "required").ToList();
        return kept.Count == errors.Count ? errors : kept.Count == 0 ? ValidationErrors.None : new ValidationErrors(kept);
    }

    internal static StoragePatch FromBuilder(JsonElement body) => new(body, null);

    private static void WriteDiff(Utf8JsonWriter writer, JsonElement before, JsonElement after, bool topLevel)
    {
        writer.WriteStartObject();
        foreach (var member in after.EnumerateObject())
        {
            if (topLevel && IsIgnoredTopLevel(member.Name))
            {
                continue;
            }

            if (!before.TryGetProperty(member.Name, out var old))
            {
                if (member.Value.ValueKind != JsonValueKind.Null)
                {
                    writer.WritePropertyName(member.Name);
                    member.Value.WriteTo(writer);
                }

                continue;
            }

            if (JsonElement.DeepEquals(old, member.Value))
            {
                continue;
            }

            writer.WritePropertyName(member.Name);
            if (old.ValueKind == JsonValueKind.Object && member.Value.ValueKind == JsonValueKind.Object)
            {
                WriteDiff(writer, old, member.Value, topLevel: false);
            }
            else
            {
                // Scalars, arrays, or a change of type.
                member.Value.WriteTo(writer);
            }
        }

        foreach (var member in before.EnumerateObject())
        {
            if ((topLevel && IsIgnoredTopLevel(member.Name)) || after.TryGetProperty(member.Name, out _))
            {
                continue;
            }

            writer.WriteNull(member.Name);
        }

        writer.WriteEndObject();
    }

    private static bool IsIgnoredTopLevel(string name) =>
        name == "id" || name.StartsWith('_') || name.StartsWith("pvt_", StringComparison.Ordinal);

    private static void WriteWithoutNulls(Utf8JsonWriter writer, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            value.WriteTo(writer);
            return;
        }

        writer.WriteStartObject();
        foreach (var member in value.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            writer.WritePropertyName(member.Name);
            WriteWithoutNulls(writer, member.Value);
        }

        writer.WriteEndObject();
    }

    private static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
