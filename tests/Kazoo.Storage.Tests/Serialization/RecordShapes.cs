using System.Text;
using System.Text.Json;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Tests.Serialization;

// Hand-written records shaped the way the generator writes them (fields reached through the member table, equality,
// hash code and ToString from it), so the runtime behind generated converters is tested on its own.

/// <summary>A record with a required string, an optional number, a list, a secret and a pattern map (<c>^n_</c>).</summary>
internal sealed record Widget : IJsonRecord<Widget>
{
    private string? _name;
    private long? _size;
    private ReadOnlyJsonList<string>? _tags;
    private string? _password;
    private ReadOnlyJsonMap<long>? _counts;
    private JsonExtensionData _extensionData = JsonExtensionData.Empty;
    private string[]? _jsonMemberOrder;

    public required string Name { get => _name!; init => _name = value; }

    public long? Size { get => _size; init => _size = value; }

    public IReadOnlyList<string>? Tags { get => _tags; init => _tags = ReadOnlyJsonList<string>.From(value); }

    public string? Password { get => _password; init => _password = value; }

    public IReadOnlyDictionary<string, long>? Counts { get => _counts; init => _counts = ReadOnlyJsonMap<long>.From(value); }

    public JsonExtensionData ExtensionData { get => _extensionData; init => _extensionData = value; }

    public static JsonRecordConverter<Widget> Converter => JsonRecordConverter<Widget>.Instance;

    public bool Equals(Widget? other) => JsonRecord.MembersEqual(this, other);

    public override int GetHashCode() => JsonRecord.MembersHashCode(this);

    private bool PrintMembers(StringBuilder builder) => JsonRecord.PrintMembers(this, builder);

    static JsonRecordShape<Widget> IJsonRecord<Widget>.CreateShape() => new(
        static () => new() { Name = default! },
        static r => ref r._extensionData,
        static r => ref r._jsonMemberOrder,
        [
            JsonRecordShape<Widget>.Member("name", "Name", static r => ref r._name, JsonStringConverter.Instance, required: true),
            JsonRecordShape<Widget>.NullableMember("size", "Size", static r => ref r._size, JsonInt64Converter.Instance),
            JsonRecordShape<Widget>.Member("tags", "Tags", static r => ref r._tags, new ReadOnlyJsonListConverter<string>(JsonStringConverter.Instance, false)),
            JsonRecordShape<Widget>.Member("password", "Password", static r => ref r._password, JsonStringConverter.Instance, secret: true),
        ],
        [
            JsonRecordShape<Widget>.PatternMap("^n_", "Counts", static r => ref r._counts, JsonInt64Converter.Instance),
        ]);
}

/// <summary>A record of JSON values: an optional member and a pattern map (<c>^x_</c>), where a JSON null is a value.</summary>
internal sealed record Note : IJsonRecord<Note>
{
    private JsonElement? _value;
    private ReadOnlyJsonMap<JsonElement>? _extras;
    private JsonExtensionData _extensionData = JsonExtensionData.Empty;
    private string[]? _jsonMemberOrder;

    public JsonElement? Value { get => _value; init => _value = value; }

    public IReadOnlyDictionary<string, JsonElement>? Extras { get => _extras; init => _extras = ReadOnlyJsonMap<JsonElement>.From(value); }

    public JsonExtensionData ExtensionData { get => _extensionData; init => _extensionData = value; }

    public static JsonRecordConverter<Note> Converter => JsonRecordConverter<Note>.Instance;

    public bool Equals(Note? other) => JsonRecord.MembersEqual(this, other);

    public override int GetHashCode() => JsonRecord.MembersHashCode(this);

    private bool PrintMembers(StringBuilder builder) => JsonRecord.PrintMembers(this, builder);

    static JsonRecordShape<Note> IJsonRecord<Note>.CreateShape() => new(
        static () => new(),
        static r => ref r._extensionData,
        static r => ref r._jsonMemberOrder,
        [JsonRecordShape<Note>.NullableMember("value", "Value", static r => ref r._value, JsonElementValueConverter.Instance)],
        [JsonRecordShape<Note>.PatternMap("^x_", "Extras", static r => ref r._extras, JsonElementValueConverter.Instance)]);
}

/// <summary>A union over <c>kind</c>: the <c>circle</c> case, and the unknown case.</summary>
internal abstract record Shape : IJsonUnion<Shape>
{
    public abstract string? Kind { get; init; }

    public abstract JsonExtensionData ExtensionData { get; init; }

    public static JsonUnionConverter<Shape> Converter => JsonUnionConverter<Shape>.Instance;

    static JsonUnionShape<Shape> IJsonUnion<Shape>.CreateShape() => new(
        "kind",
        JsonUnionShape<Shape>.Case<UnknownShape>(null),
        [JsonUnionShape<Shape>.Case<Circle>("circle")]);
}

internal sealed record Circle : Shape, IJsonRecord<Circle>
{
    public const string KindValue = "circle";

    private double? _radius;
    private JsonExtensionData _extensionData = JsonExtensionData.Empty;
    private string[]? _jsonMemberOrder;

    public override string? Kind { get => KindValue; init => JsonUnionCase<Shape>.RequireCaseValue(value, KindValue, "kind"); }

    public double? Radius { get => _radius; init => _radius = value; }

    public override JsonExtensionData ExtensionData { get => _extensionData; init => _extensionData = value; }

    public bool Equals(Circle? other) => JsonRecord.MembersEqual(this, other);

    public override int GetHashCode() => JsonRecord.MembersHashCode(this);

    static JsonRecordShape<Circle> IJsonRecord<Circle>.CreateShape() => new(
        static () => new(),
        static r => ref r._extensionData,
        static r => ref r._jsonMemberOrder,
        [
            JsonRecordShape<Circle>.CaseDiscriminator("kind", "Kind", KindValue),
            JsonRecordShape<Circle>.NullableMember("radius", "Radius", static r => ref r._radius, JsonDoubleConverter.Instance),
        ]);
}

internal sealed record UnknownShape : Shape, IJsonRecord<UnknownShape>
{
    private string? _kind;
    private JsonExtensionData _extensionData = JsonExtensionData.Empty;
    private string[]? _jsonMemberOrder;

    public override string? Kind { get => _kind; init => _kind = value; }

    public override JsonExtensionData ExtensionData { get => _extensionData; init => _extensionData = value; }

    public bool Equals(UnknownShape? other) => JsonRecord.MembersEqual(this, other);

    public override int GetHashCode() => JsonRecord.MembersHashCode(this);

    static JsonRecordShape<UnknownShape> IJsonRecord<UnknownShape>.CreateShape() => new(
        static () => new(),
        static r => ref r._extensionData,
        static r => ref r._jsonMemberOrder,
        [JsonRecordShape<UnknownShape>.UnknownDiscriminator("kind", "Kind", static r => ref r._kind)]);
}

/// <summary>An open enum.</summary>
internal readonly record struct Color : IJsonOpenEnum<Color>
{
    private readonly string? _value;

    public Color(string value) => _value = value;

    public string Value => _value ?? "";

    public static implicit operator Color(string value) => new(value);
}
