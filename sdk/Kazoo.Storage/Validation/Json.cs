using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>A small JSON constant for error details (a rule's target, a key name); built only when an error is reported.</summary>
internal sealed class Json
{
    private readonly Action<Utf8JsonWriter> _write;

    private Json(Action<Utf8JsonWriter> write) => _write = write;

    public static Json Of(string text) => new(w => w.WriteStringValue(text));

    public static Json Of(double number) => new(w => w.WriteNumberValue(number));

    public static Json Of(int number) => new(w => w.WriteNumberValue(number));

    public static Json Of(bool value) => new(w => w.WriteBooleanValue(value));

    public static Json Of(IReadOnlyList<string> texts) => new(w =>
    {
        w.WriteStartArray();
        foreach (var text in texts)
        {
            w.WriteStringValue(text);
        }

        w.WriteEndArray();
    });

    public static Json Of(IReadOnlyList<EnumValue> values) => new(w =>
    {
        w.WriteStartArray();
        foreach (var value in values)
        {
            if (value.Element is { } element)
            {
                element.WriteTo(w); // as the schema wrote it
                continue;
            }

            switch (value.Kind)
            {
                case JsonTypes.String:
                    w.WriteStringValue(value.Text);
                    break;
                case JsonTypes.Number:
                    w.WriteNumberValue(value.Number);
                    break;
                case JsonTypes.Boolean:
                    w.WriteBooleanValue(value.Boolean);
                    break;
                default:
                    w.WriteNullValue();
                    break;
            }
        }

        w.WriteEndArray();
    });

    public void WriteTo(Utf8JsonWriter writer) => _write(writer);
}
