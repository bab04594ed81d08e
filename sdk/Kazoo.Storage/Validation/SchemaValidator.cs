using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kazoo.Storage.Validation;

/// <summary>
/// Validates JSON against one compiled schema with draft-04 semantics and Kazoo's extensions, straight from UTF-8
/// with a <see cref="Utf8JsonReader"/>: a valid document allocates nothing; errors come back in Crossbar's shape.
/// </summary>
public sealed class SchemaValidator
{
    /// <summary>The deepest nesting of objects and arrays a document may have.</summary>
    internal const int MaxDepth = 64;

    /// <summary>The schema Crossbar validates storage documents against.</summary>
    private const string StorageSchemaId = "storage";
    private readonly SchemaSet _set;
    private readonly int _root;

    internal SchemaValidator(SchemaSet set, int root)
    {
        _set = set;
        _root = root;
    }

    /// <summary>The id of the schema this validator checks.</summary>
    public string SchemaId => _set[_root].SchemaId;

    /// <summary>Validates UTF-8 JSON.</summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="options">Mode and Kazoo settings; <see cref="ValidationOptions.Default"/> when null.</param>
    /// <returns>The errors; <see cref="ValidationErrors.None"/> when the document is valid.</returns>
    /// <exception cref="JsonException">
    /// The text is not JSON (the message says where): malformed, empty, not UTF-8 (in any string, whether a schema
    /// checks it or not), holding an escaped surrogate without its pair, or nesting deeper than 64 objects and arrays
    /// (the walk recurses per level, so a deeper document is refused rather than risk the stack).
    /// </exception>
    public ValidationErrors Validate(ReadOnlySpan<byte> utf8Json, ValidationOptions? options = null)
    {
        Walk(utf8Json, options ?? ValidationOptions.Default, verdictOnly: false, out var errors);
        return errors;
    }

    /// <summary>
    /// Whether UTF-8 JSON is valid: the same verdict as <see cref="Validate(ReadOnlySpan{byte}, ValidationOptions?)"/>
    /// gives, found without building any error, and without reading past the first failure.
    /// </summary>
    /// <param name="utf8Json">The document.</param>
    /// <param name="options">Mode and Kazoo settings; <see cref="ValidationOptions.Default"/> when null.</param>
    /// <returns>True when the document is valid.</returns>
    /// <exception cref="JsonException">
    /// The text is empty, not UTF-8 or holds an escaped surrogate without its pair (checked over the whole text), or is
    /// malformed or nests deeper than 64 levels before the first failure (the message says where).
    /// </exception>
    public bool IsValid(ReadOnlySpan<byte> utf8Json, ValidationOptions? options = null) =>
        Walk(utf8Json, options ?? ValidationOptions.Default, verdictOnly: true, out _);

    /// <summary>
    /// Walks the document, without its private fields where Crossbar removes them (<see cref="ValidationOptions.PublicFieldsOnly"/>);
    /// every way it can fail to be JSON comes out as one kind of <see cref="JsonException"/>.
    /// </summary>
    private bool Walk(ReadOnlySpan<byte> utf8Json, ValidationOptions options, bool verdictOnly, out ValidationErrors errors)
    {
        NotJson.EnsureText(utf8Json);
        var publicFieldsOnly = options.PublicFieldsOnly ?? SchemaId == StorageSchemaId;
        byte[]? publicFields = null;
        try
        {
            // A root that compares or combines the whole object would see the private fields before its members are
            // read, so for it they are looked for first; any other root meets them in its members and says so.
            var root = _set[_root];
            if (publicFieldsOnly && (root.HasCombinators || root.Enum is not null) && PublicFields.AnyIn(utf8Json))
            {
                publicFields = PublicFields.Remove(utf8Json, out var length);
                return WalkOnce(publicFields.AsSpan(0, length), options, verdictOnly, publicFieldsOnly: false, out errors, out _);
            }

            var valid = WalkOnce(utf8Json, options, verdictOnly, publicFieldsOnly, out errors, out var hasPrivateFields);
            if (hasPrivateFields)
            {
                publicFields = PublicFields.Remove(utf8Json, out var length);
                valid = WalkOnce(publicFields.AsSpan(0, length), options, verdictOnly, publicFieldsOnly: false, out errors, out _);
            }

            return valid;
        }
        catch (JsonException ex) when (ex.GetType() != typeof(JsonException))
        {
            throw NotJson.From(ex); // the reader's own (a subtype), said without its internals
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException)
        {
            throw NotJson.From(ex);
        }
        finally
        {
            if (publicFields is not null)
            {
                ArrayPool<byte>.Shared.Return(publicFields);
            }
        }
    }

    /// <summary>
    /// Walks a document once. With <paramref name="publicFieldsOnly"/>, the walk stops at a top-level private field and
    /// says so in <paramref name="hasPrivateFields"/>: the document must then be walked again without them.
    /// </summary>
    private bool WalkOnce(ReadOnlySpan<byte> utf8Json, ValidationOptions options, bool verdictOnly, bool publicFieldsOnly, out ValidationErrors errors, out bool hasPrivateFields)
    {
        // The path stack is pooled rather than stack-allocated so the walk and the reader share one scope.
        var path = ArrayPool<PathSegment>.Shared.Rent(MaxDepth + 1);
        var walk = new ValidationWalk(utf8Json, _set, options, path, SchemaId, verdictOnly, publicFieldsOnly);
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            reader.Read();
            var valid = walk.Validate(ref reader, _root);
            hasPrivateFields = walk.HasPrivateFields;
            errors = hasPrivateFields ? ValidationErrors.None : walk.Errors?.ToErrors() ?? ValidationErrors.None;
            if (hasPrivateFields)
            {
                return false;
            }

            if (verdictOnly && (walk.Stopped || !valid))
            {
                return false; // the verdict is known; the rest is not read
            }

            if (walk.Truncated)
            {
                NotJson.ReadToEnd(utf8Json); // the walk stopped early: malformed text further on must still be refused
            }
            else if (reader.Read())
            {
                throw NotJson.At("text follows the JSON value", utf8Json, reader.TokenStartIndex);
            }

            return valid;
        }
        finally
        {
            walk.Release();
            ArrayPool<PathSegment>.Shared.Return(path);
        }
    }

    /// <summary>Validates a parsed JSON value.</summary>
    /// <param name="element">The document.</param>
    /// <param name="options">Mode and Kazoo settings; <see cref="ValidationOptions.Default"/> when null.</param>
    /// <exception cref="JsonException">The value is not JSON (see <see cref="Validate(ReadOnlySpan{byte}, ValidationOptions?)"/>), or there is no value.</exception>
    public ValidationErrors Validate(JsonElement element, ValidationOptions? options = null)
    {
        if (element.ValueKind == JsonValueKind.Undefined)
        {
            throw new JsonException("The document is not JSON: the element holds no value.");
        }

        // The element's own text, as parsed: a string that is not UTF-8 is refused here as in any text.
        return Validate(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element), options);
    }

    /// <summary>Validates a value (for example a generated record) as the JSON it serializes to.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">How to serialize it (for generated records: <c>KazooStorageJson.GetTypeInfo&lt;T&gt;()</c>).</param>
    /// <param name="options">Mode and Kazoo settings; <see cref="ValidationOptions.Default"/> when null.</param>
    public ValidationErrors Validate<T>(T value, JsonTypeInfo<T> typeInfo, ValidationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Validate(JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), options);
    }
}

/// <summary>One step of the path to the value being checked: a member name (by its token's offset) or an array index.</summary>
internal struct PathSegment
{
    public int NameOffset;
    public int Index;
}
