using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Reads a generated union by its discriminator (Kazoo's <c>handler</c>), which it peeks at without buffering wherever it
/// stands in the object, then hands the reader to the case's converter; a value no case has, or none, reads as the unknown
/// case. Writes each case with its own converter.
/// </summary>
/// <typeparam name="TUnion">The union's base record.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonUnionConverter<TUnion> : JsonConverter<TUnion>, IJsonTypeInfoSource
    where TUnion : class, IJsonUnion<TUnion>
{
    private JsonUnionConverter()
    {
    }

    /// <summary>Gets the shared instance.</summary>
    public static JsonUnionConverter<TUnion> Instance { get; } = new();

    /// <inheritdoc/>
    public JsonTypeInfo CreateTypeInfo(JsonSerializerOptions options) => JsonMetadataServices.CreateValueInfo<TUnion>(options, this);

    private JsonUnionShape<TUnion>? _shape;

    /// <inheritdoc/>
    public override TUnion Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw JsonReadPath.UnexpectedToken(JsonTokenType.StartObject, reader.TokenType);
        }

        JsonUnionShape<TUnion> shape = _shape ??= TUnion.CreateShape();
        JsonUnionCase<TUnion>[] cases = shape.Cases;

        // Peek with a copy of the reader: the caller's reader stays at the object's start.
        Utf8JsonReader probe = reader;
        int depth = probe.CurrentDepth;
        JsonUnionCase<TUnion> found = shape.Unknown;
        try
        {
            while (probe.Read() && probe.CurrentDepth > depth)
            {
                if (probe.TokenType != JsonTokenType.PropertyName)
                {
                    continue;
                }

                bool isDiscriminator = probe.ValueTextEquals(shape.Utf8Discriminator);
                probe.Read();
                if (isDiscriminator)
                {
                    if (probe.TokenType == JsonTokenType.String)
                    {
                        foreach (JsonUnionCase<TUnion> @case in cases)
                        {
                            if (probe.ValueTextEquals(@case.Utf8Value))
                            {
                                found = @case;
                                break;
                            }
                        }
                    }

                    break;
                }

                if (!probe.TrySkip())
                {
                    break;
                }
            }
        }
        catch (JsonException)
        {
            // Malformed JSON: the case's converter reports it with its path.
        }

        return found.Read(ref reader, options);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TUnion value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        JsonUnionShape<TUnion> shape = _shape ??= TUnion.CreateShape();
        foreach (JsonUnionCase<TUnion> @case in shape.Cases)
        {
            if (@case.TryWrite(writer, value, options))
            {
                return;
            }
        }

        if (!shape.Unknown.TryWrite(writer, value, options))
        {
            throw new JsonException(typeof(TUnion).Name + " has no converter for the case type " + value.GetType().Name + ".");
        }
    }

}

/// <summary>A generated union's table: the discriminator's JSON name, the known cases, and the unknown case.</summary>
/// <typeparam name="TUnion">The union's base record.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class JsonUnionShape<TUnion>
    where TUnion : class
{
    /// <summary>Creates the table.</summary>
    /// <param name="discriminator">The JSON name of the member that picks the case.</param>
    /// <param name="unknown">The case for a value no known case has, or none.</param>
    /// <param name="cases">The known cases.</param>
    public JsonUnionShape(string discriminator, JsonUnionCase<TUnion> unknown, JsonUnionCase<TUnion>[] cases)
    {
        ArgumentNullException.ThrowIfNull(discriminator);
        ArgumentNullException.ThrowIfNull(unknown);
        ArgumentNullException.ThrowIfNull(cases);
        Utf8Discriminator = Encoding.UTF8.GetBytes(discriminator);
        Unknown = unknown;
        Cases = cases;
    }

    /// <summary>A case: the record type for one discriminator value (none for the unknown case).</summary>
    /// <typeparam name="TCase">The case's record type.</typeparam>
    /// <param name="value">The discriminator's value, or <see langword="null"/> for the unknown case.</param>
    /// <returns>The case.</returns>
    public static JsonUnionCase<TUnion> Case<TCase>(string? value)
        where TCase : class, TUnion, IJsonRecord<TCase> => new JsonUnionCase<TUnion, TCase>(value, JsonRecordConverter<TCase>.Instance);

    internal byte[] Utf8Discriminator { get; }

    internal JsonUnionCase<TUnion> Unknown { get; }

    internal JsonUnionCase<TUnion>[] Cases { get; }
}

/// <summary>One case of a generated union, in its converter's table.</summary>
/// <typeparam name="TUnion">The union's base record.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class JsonUnionCase<TUnion>
    where TUnion : class
{
    private protected JsonUnionCase(string? value)
    {
        Utf8Value = value is null ? [] : Encoding.UTF8.GetBytes(value);
    }

    internal byte[] Utf8Value { get; }

    internal abstract TUnion Read(ref Utf8JsonReader reader, JsonSerializerOptions options);

    internal abstract bool TryWrite(Utf8JsonWriter writer, TUnion value, JsonSerializerOptions options);

    /// <summary>
    /// The check behind a case record's discriminator <c>init</c>: the case's own value (or null, for "unchanged") only.
    /// </summary>
    /// <param name="value">The value being set.</param>
    /// <param name="caseValue">The case's value.</param>
    /// <param name="memberName">The discriminator's JSON name.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is another case's value.</exception>
    public static void RequireCaseValue(string? value, string caseValue, string memberName)
    {
        if (value is not null && value != caseValue)
        {
            throw new ArgumentException("This case's " + memberName + " is " + caseValue + "; use another case type for " + value + ".", nameof(value));
        }
    }
}

/// <summary>A case whose records are <typeparamref name="TCase"/>.</summary>
internal sealed class JsonUnionCase<TUnion, TCase>(string? value, JsonConverter<TCase> converter) : JsonUnionCase<TUnion>(value)
    where TUnion : class
    where TCase : TUnion
{
    internal override TUnion Read(ref Utf8JsonReader reader, JsonSerializerOptions options) => converter.Read(ref reader, typeof(TCase), options)!;

    internal override bool TryWrite(Utf8JsonWriter writer, TUnion value, JsonSerializerOptions options)
    {
        if (value is not TCase item)
        {
            return false;
        }

        converter.Write(writer, item, options);
        return true;
    }
}
