using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// The members of a JSON object that its schema does not declare (unknown keys, <c>_sig</c>, <c>_id</c>,
/// <c>pvt_*</c>…), kept so that they survive a read-modify-write round trip. Immutable; enumeration order is the
/// order of the JSON input.
/// </summary>
/// <remarks>
/// Equality ignores order and compares values with <see cref="JsonElement.DeepEquals(JsonElement, JsonElement)"/>.
/// <see cref="ToString"/> prints the members masked by <see cref="SecretMask"/>'s rule, never raw.
/// </remarks>
public sealed class JsonExtensionData : IReadOnlyDictionary<string, JsonElement>, IEquatable<JsonExtensionData>
{
    private readonly ReadOnlyJsonMap<JsonElement> _members;

    private JsonExtensionData(ReadOnlyJsonMap<JsonElement> members)
    {
        _members = members;
    }

    /// <summary>Gets the extension data without members.</summary>
    public static JsonExtensionData Empty { get; } = new(ReadOnlyJsonMap<JsonElement>.Empty);

    /// <summary>Gets the number of members.</summary>
    public int Count => _members.Count;

    /// <summary>Gets the member names, in order.</summary>
    public IEnumerable<string> Keys => _members.Keys;

    /// <summary>Gets the member values, in order.</summary>
    public IEnumerable<JsonElement> Values => _members.Values;

    /// <summary>Gets the value of the member <paramref name="key"/>.</summary>
    /// <param name="key">The member name.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">There is no such member.</exception>
    public JsonElement this[string key] => _members[key];

    /// <summary>
    /// Creates extension data from a copy of <paramref name="members"/>. When a name repeats, the later value wins and
    /// the first position is kept. Values are stored as given: pass detached elements
    /// (from <see cref="JsonElement.ParseValue(ref Utf8JsonReader)"/> or <see cref="JsonElement.Clone"/>).
    /// </summary>
    /// <param name="members">The members, or <see langword="null"/>.</param>
    /// <returns>The extension data; <see cref="Empty"/> when <paramref name="members"/> is <see langword="null"/> or empty.</returns>
    /// <exception cref="ArgumentException">A member has a <see langword="null"/> name.</exception>
    public static JsonExtensionData Create(IEnumerable<KeyValuePair<string, JsonElement>>? members)
    {
        if (members is null)
        {
            return Empty;
        }

        if (members is JsonExtensionData data)
        {
            return data;
        }

        return Wrap(ReadOnlyJsonMap<JsonElement>.From(members));
    }

    /// <summary>
    /// Creates extension data from the members a converter collected, without enumerating through an interface
    /// (generated converters call this on every object with unknown members). Same rules as the other overload.
    /// </summary>
    /// <param name="members">The members, or <see langword="null"/>.</param>
    /// <returns>The extension data; <see cref="Empty"/> when <paramref name="members"/> is <see langword="null"/> or empty.</returns>
    public static JsonExtensionData Create(List<KeyValuePair<string, JsonElement>>? members)
    {
        if (members is null || members.Count == 0)
        {
            return Empty;
        }

        var builder = new OrderedEntriesBuilder<JsonElement>(members.Count);
        foreach (var member in System.Runtime.InteropServices.CollectionsMarshal.AsSpan(members))
        {
            builder.Set(member.Key, member.Value);
        }

        return Wrap(builder.ToMap());
    }

    /// <summary>Returns extension data where <paramref name="name"/> has <paramref name="value"/>: replaced in place or appended.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value; should be a detached element.</param>
    /// <returns>The new extension data; this instance is not changed.</returns>
    public JsonExtensionData With(string name, JsonElement value) => new(_members.SetItem(name, value));

    /// <summary>Returns extension data without the member <paramref name="name"/>.</summary>
    /// <param name="name">The member name.</param>
    /// <returns>The new extension data, or this instance when there is no such member.</returns>
    public JsonExtensionData Without(string name)
    {
        ReadOnlyJsonMap<JsonElement> members = _members.Remove(name);
        return ReferenceEquals(members, _members) ? this : Wrap(members);
    }

    /// <summary>Writes <c>"name": value</c> when the member exists; does nothing otherwise.</summary>
    /// <param name="writer">The writer, positioned inside an object.</param>
    /// <param name="name">The member name.</param>
    public void WriteMember(Utf8JsonWriter writer, string name)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_members.TryGetValue(name, out JsonElement value))
        {
            WriteProperty(writer, name, value);
        }
    }

    /// <summary>Writes all members in order as properties. The caller has already written the start of the object.</summary>
    /// <param name="writer">The writer, positioned inside an object.</param>
    public void WriteTo(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (KeyValuePair<string, JsonElement> member in _members.Entries)
        {
            WriteProperty(writer, member.Key, member.Value);
        }
    }

    /// <summary>
    /// Writes, in order, the members for which <paramref name="skip"/> returns <see langword="false"/>, passing
    /// <paramref name="state"/> to it so that a static lambda needs no closure (nothing is allocated).
    /// </summary>
    /// <typeparam name="TState">The state's type.</typeparam>
    /// <param name="writer">The writer, positioned inside an object.</param>
    /// <param name="state">What <paramref name="skip"/> needs.</param>
    /// <param name="skip">Returns <see langword="true"/> for the names not to write.</param>
    public void WriteTo<TState>(Utf8JsonWriter writer, TState state, Func<TState, string, bool> skip)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(skip);
        foreach (KeyValuePair<string, JsonElement> member in _members.Entries)
        {
            if (!skip(state, member.Key))
            {
                WriteProperty(writer, member.Key, member.Value);
            }
        }
    }

    /// <summary>Tells whether the member <paramref name="key"/> exists.</summary>
    /// <param name="key">The member name.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool ContainsKey(string key) => _members.ContainsKey(key);

    /// <summary>Gets the value of the member <paramref name="key"/>, if any.</summary>
    /// <param name="key">The member name.</param>
    /// <param name="value">The value when found; otherwise the default element.</param>
    /// <returns><see langword="true"/> when present.</returns>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out JsonElement value) => _members.TryGetValue(key, out value);

    /// <summary>Returns an enumerator over the members in order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<string, JsonElement>> GetEnumerator() => _members.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Tells whether <paramref name="other"/> has the same member names and deeply equal values, in any order.</summary>
    /// <param name="other">The other extension data.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public bool Equals(JsonExtensionData? other) =>
        ReferenceEquals(this, other) || (other is not null && _members.Equals(other._members));

    /// <summary>Tells whether <paramref name="obj"/> is equal <see cref="JsonExtensionData"/>.</summary>
    /// <param name="obj">The other object.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => Equals(obj as JsonExtensionData);

    /// <summary>Returns an order-insensitive hash code consistent with <see cref="Equals(JsonExtensionData)"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => _members.GetHashCode();

    /// <summary>
    /// Returns <c>{ name = value, … }</c>, or <c>{ }</c> when empty, masked by <see cref="SecretMask"/>'s rule: a
    /// secret-named member's value is <c>***</c> whatever its shape; other values are compact JSON with every secret-named
    /// member and every URL secret masked.
    /// </summary>
    /// <returns>The display text.</returns>
    public override string ToString() => _members.ToString();

    private static JsonExtensionData Wrap(ReadOnlyJsonMap<JsonElement> members) =>
        members.Count == 0 ? Empty : new JsonExtensionData(members);

    private static void WriteProperty(Utf8JsonWriter writer, string name, JsonElement value)
    {
        writer.WritePropertyName(name);
        JsonElementValueConverter.Instance.Write(writer, value, JsonSerializerOptions.Default);
    }
}
