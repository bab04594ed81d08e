using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kazoo.Storage.Benchmarks.Baselines;

/// <summary>
/// The System.Text.Json source generator over the baseline records (default mode: metadata and
/// the fast-path serializer). Options match the generated converters' contract: nulls are not
/// written, and <c>handler</c> may come anywhere in an attachment entry.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true)]
[JsonSerializable(typeof(StorageDocument))]
public sealed partial class BaselineJsonContext : JsonSerializerContext;

/// <summary>The two ways the baseline records are (de)serialized; each built once.</summary>
public static class BaselineJson
{
    /// <summary>Source-generated metadata from <see cref="BaselineJsonContext"/>.</summary>
    public static JsonSerializerOptions SourceGenerated { get; } = BaselineJsonContext.Default.Options;

    /// <summary>Reflection (<see cref="DefaultJsonTypeInfoResolver"/>) with the same settings.</summary>
    public static JsonSerializerOptions Reflection { get; } = CreateReflectionOptions();

    private static JsonSerializerOptions CreateReflectionOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            AllowOutOfOrderMetadataProperties = true,
        };
        options.MakeReadOnly();
        return options;
    }
}
