using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Kazoo.Storage.Serialization;

/// <summary>A generated type's converter, which can describe its type to System.Text.Json without reflection.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IJsonTypeInfoSource
{
    /// <summary>The metadata of the converter's type, served by the converter.</summary>
    /// <param name="options">The options the metadata is for.</param>
    /// <returns>The metadata.</returns>
    JsonTypeInfo CreateTypeInfo(JsonSerializerOptions options);
}

/// <summary>
/// The resolver behind a generated JSON entry point: a table from each generated type to its converter (made on first
/// use), and nothing for other types. A table rather than a type test per type keeps the generated code a list.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonGeneratedTypeResolver : IJsonTypeInfoResolver
{
    private readonly Lazy<Dictionary<Type, IJsonTypeInfoSource>> _converters;

    /// <summary>Creates the resolver.</summary>
    /// <param name="converters">Makes the table of every generated type's converter.</param>
    public JsonGeneratedTypeResolver(Func<Dictionary<Type, IJsonTypeInfoSource>> converters)
    {
        ArgumentNullException.ThrowIfNull(converters);
        _converters = new(converters);
    }

    /// <inheritdoc/>
    public JsonTypeInfo? GetTypeInfo(Type type, JsonSerializerOptions options) =>
        _converters.Value.TryGetValue(type, out IJsonTypeInfoSource? converter) ? converter.CreateTypeInfo(options) : null;
}
