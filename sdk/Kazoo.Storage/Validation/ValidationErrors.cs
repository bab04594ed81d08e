using System.Buffers;
using System.Collections;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>
/// Validation errors in Crossbar's shape: a map from a dotted JSON path to a map from a failure code to its detail
/// (<c>{"attachments.0f5c….settings.bucket": {"minLength": {"message": …, "target": 6, "value": "abc"}}}</c>).
/// The same type holds what local validation finds and what a Kazoo server answers with HTTP 400.
/// </summary>
public sealed class ValidationErrors : IReadOnlyList<ValidationError>
{
    private static readonly JsonWriterOptions s_writerOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly ValidationError[] _errors;

    internal ValidationErrors(IEnumerable<ValidationError> errors) => _errors = errors.ToArray();

    /// <summary>No errors: the document is valid.</summary>
    public static ValidationErrors None { get; } = new([]);

    /// <summary>Whether there are no errors.</summary>
    public bool IsValid => _errors.Length == 0;

    /// <inheritdoc/>
    public int Count => _errors.Length;

    /// <inheritdoc/>
    public ValidationError this[int index] => _errors[index];

    /// <summary>The paths that have errors, in the order they were found.</summary>
    public IEnumerable<string> Paths => _errors.Select(e => e.Path).Distinct(StringComparer.Ordinal);

    /// <summary>The errors at one path.</summary>
    /// <param name="path">A dotted path, as in Crossbar's answer.</param>
    public IEnumerable<ValidationError> At(string path) => _errors.Where(e => string.Equals(e.Path, path, StringComparison.Ordinal));

    /// <summary>Whether there is an error with this code at this path.</summary>
    public bool Contains(string path, string code) => _errors.Any(e => e.Path == path && e.Code == code);

    /// <summary>Reads Crossbar's 400 <c>data</c> object (path → code → detail).</summary>
    /// <param name="data">The <c>data</c> member of Crossbar's error envelope.</param>
    /// <returns>The errors; <see cref="None"/> when <paramref name="data"/> is not an object.</returns>
    public static ValidationErrors FromCrossbarData(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return None;
        }

        var errors = new List<ValidationError>();
        foreach (var path in data.EnumerateObject())
        {
            if (path.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var code in path.Value.EnumerateObject())
            {
                errors.Add(new ValidationError(path.Name, code.Name, code.Value.Clone()));
            }
        }

        return errors.Count == 0 ? None : new ValidationErrors(errors);
    }

    /// <summary>Writes the errors as Crossbar's 400 <c>data</c> object.</summary>
    /// <param name="writer">The writer.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        foreach (var path in Paths)
        {
            writer.WritePropertyName(path);
            writer.WriteStartObject();
            foreach (var error in At(path))
            {
                writer.WritePropertyName(error.Code);
                error.Detail.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>The errors as Crossbar's 400 <c>data</c> object.</summary>
    public JsonElement ToJsonElement()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            WriteTo(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>The errors as Crossbar's 400 <c>data</c> JSON text.</summary>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_writerOptions))
        {
            WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <inheritdoc/>
    public IEnumerator<ValidationError> GetEnumerator() => ((IEnumerable<ValidationError>)_errors).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _errors.GetEnumerator();

    /// <summary>One line per error: path, code and message; values are not printed.</summary>
    public override string ToString() => IsValid ? "valid" : string.Join(Environment.NewLine, _errors.Select(e => e.ToString()));
}
