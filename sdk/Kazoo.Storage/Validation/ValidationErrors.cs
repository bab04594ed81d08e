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

    /// <summary>The errors, grouped by path (paths in the order they were found).</summary>
    private readonly ValidationError[] _errors;

    /// <summary>Each path, and where its errors start in <see cref="_errors"/> (they run to the next path's start).</summary>
    private readonly string[] _paths;
    private readonly int[] _starts;
    private readonly Dictionary<string, int> _pathIndex;

    internal ValidationErrors(IEnumerable<ValidationError> errors, bool truncated = false)
    {
        // Grouped through a dictionary by path: linear in the number of errors, however many paths.
        var groups = new Dictionary<string, List<ValidationError>>(StringComparer.Ordinal);
        var order = new List<string>();
        var count = 0;
        foreach (var error in errors)
        {
            if (!groups.TryGetValue(error.Path, out var group))
            {
                groups.Add(error.Path, group = []);
                order.Add(error.Path);
            }

            group.Add(error);
            count++;
        }

        _errors = new ValidationError[count];
        _paths = order.ToArray();
        _starts = new int[_paths.Length + 1];
        _pathIndex = new Dictionary<string, int>(_paths.Length, StringComparer.Ordinal);
        var next = 0;
        for (var p = 0; p < _paths.Length; p++)
        {
            _pathIndex.Add(_paths[p], p);
            _starts[p] = next;
            foreach (var error in groups[_paths[p]])
            {
                _errors[next++] = error;
            }
        }

        _starts[_paths.Length] = next;
        IsTruncated = truncated;
    }

    /// <summary>No errors: the document is valid.</summary>
    public static ValidationErrors None { get; } = new([]);

    /// <summary>Whether there are no errors.</summary>
    public bool IsValid => _errors.Length == 0;

    /// <summary>
    /// Whether more paths failed than <see cref="ValidationOptions.MaxErrorPaths"/> allows: the errors are then those
    /// of the first paths found, and the validation stopped there. Kazoo itself reports every error; a cut-short list
    /// still means the document is invalid.
    /// </summary>
    public bool IsTruncated { get; }

    /// <inheritdoc/>
    public int Count => _errors.Length;

    /// <inheritdoc/>
    public ValidationError this[int index] => _errors[index];

    /// <summary>The paths that have errors, in the order they were found.</summary>
    public IEnumerable<string> Paths => _paths.AsReadOnly();

    /// <summary>The errors at one path.</summary>
    /// <param name="path">A dotted path, as in Crossbar's answer.</param>
    public IEnumerable<ValidationError> At(string path) =>
        _pathIndex.TryGetValue(path, out var p) ? _errors.Skip(_starts[p]).Take(_starts[p + 1] - _starts[p]) : [];

    /// <summary>Whether there is an error with this code at this path.</summary>
    public bool Contains(string path, string code)
    {
        if (!_pathIndex.TryGetValue(path, out var p))
        {
            return false;
        }

        for (var i = _starts[p]; i < _starts[p + 1]; i++)
        {
            if (_errors[i].Code == code)
            {
                return true;
            }
        }

        return false;
    }

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
        for (var p = 0; p < _paths.Length; p++)
        {
            writer.WritePropertyName(_paths[p]);
            writer.WriteStartObject();
            for (var i = _starts[p]; i < _starts[p + 1]; i++)
            {
                writer.WritePropertyName(_errors[i].Code);
                _errors[i].Detail.WriteTo(writer);
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

    /// <summary>One line per error: path, code and message; values are not printed. A cut-short list says so last.</summary>
    public override string ToString() =>
        IsValid ? "valid"
        : string.Join(Environment.NewLine, _errors.Select(e => e.ToString()))
          + (IsTruncated ? Environment.NewLine + "(stopped after " + _paths.Length + " paths with errors; there may be more)" : "");
}
