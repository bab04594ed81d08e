using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// An immutable, insertion-ordered map with string keys: the C# shape of a JSON object used as a map
/// (for example attachments keyed by id). Enumeration order is the order of the JSON input.
/// </summary>
/// <remarks>
/// Keys are compared ordinally. Equality is structural and ignores order; values are compared with
/// <see cref="JsonValueEquality.Equals{T}(T, T)"/>, so <see cref="System.Text.Json.JsonElement"/> values compare by JSON structure.
/// </remarks>
/// <typeparam name="TValue">The value type.</typeparam>
public sealed class ReadOnlyJsonMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<ReadOnlyJsonMap<TValue>>
{
    /// <summary>Maps with at most this many entries are searched linearly; larger ones build an index on first lookup.</summary>
    internal const int LinearSearchLimit = 8;

    private readonly KeyValuePair<string, TValue>[] _items;
    private Dictionary<string, int>? _index;

    private ReadOnlyJsonMap(KeyValuePair<string, TValue>[] items, Dictionary<string, int>? index)
    {
        _items = items;
        _index = items.Length > LinearSearchLimit ? index : null;
    }

    /// <summary>Gets the empty map.</summary>
    public static ReadOnlyJsonMap<TValue> Empty { get; } = new([], null);

    /// <summary>Gets the number of entries.</summary>
    public int Count => _items.Length;

    /// <summary>Gets the keys, in insertion order.</summary>
    public IEnumerable<string> Keys
    {
        get
        {
            foreach (KeyValuePair<string, TValue> item in _items)
            {
                yield return item.Key;
            }
        }
    }

    /// <summary>Gets the values, in insertion order.</summary>
    public IEnumerable<TValue> Values
    {
        get
        {
            foreach (KeyValuePair<string, TValue> item in _items)
            {
                yield return item.Value;
            }
        }
    }

    /// <summary>Gets the value stored under <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The value.</returns>
    /// <exception cref="KeyNotFoundException">The map has no such key.</exception>
    public TValue this[string key]
    {
        get
        {
            int index = IndexOf(key);
            return index >= 0 ? _items[index].Value : throw new KeyNotFoundException("The map has no key '" + key + "'.");
        }
    }

    /// <summary>
    /// Returns an immutable map with the entries of <paramref name="source"/>, in order. When a key repeats,
    /// the later value wins and the first position is kept.
    /// </summary>
    /// <param name="source">The entries, or <see langword="null"/>.</param>
    /// <returns>
    /// <see langword="null"/> when <paramref name="source"/> is <see langword="null"/>; <paramref name="source"/> itself when it
    /// already is a <see cref="ReadOnlyJsonMap{TValue}"/>; otherwise a copy.
    /// </returns>
    /// <exception cref="ArgumentException">An entry has a <see langword="null"/> key.</exception>
    [return: NotNullIfNotNull(nameof(source))]
    public static ReadOnlyJsonMap<TValue>? From(IEnumerable<KeyValuePair<string, TValue>>? source)
    {
        if (source is null)
        {
            return null;
        }

        if (source is ReadOnlyJsonMap<TValue> map)
        {
            return map;
        }

        var builder = new OrderedEntriesBuilder<TValue>(source.TryGetNonEnumeratedCount(out int count) ? count : 4);
        foreach (KeyValuePair<string, TValue> entry in source)
        {
            builder.Set(entry.Key, entry.Value);
        }

        return builder.ToMap();
    }

    /// <summary>
    /// Fast factory for converters: wraps the first <paramref name="count"/> entries of <paramref name="items"/>,
    /// which the caller gives up. The keys must be distinct and not <see langword="null"/>.
    /// </summary>
    /// <param name="items">The entry buffer, owned by the map afterwards when its length equals <paramref name="count"/>.</param>
    /// <param name="count">The number of entries used in <paramref name="items"/>.</param>
    /// <returns>The map.</returns>
    internal static ReadOnlyJsonMap<TValue> FromOwnedBuffer(KeyValuePair<string, TValue>[] items, int count)
    {
        if (count == 0)
        {
            return Empty;
        }

        if (items.Length != count)
        {
            Array.Resize(ref items, count);
        }

        return new ReadOnlyJsonMap<TValue>(items, null);
    }

    /// <summary>Wraps exactly-sized entries with distinct keys, and optionally their already built index.</summary>
    /// <param name="items">The entries, owned by the map afterwards.</param>
    /// <param name="index">An index from key to position in <paramref name="items"/>, or <see langword="null"/>.</param>
    /// <returns>The map.</returns>
    internal static ReadOnlyJsonMap<TValue> FromUniqueEntries(KeyValuePair<string, TValue>[] items, Dictionary<string, int>? index) =>
        items.Length == 0 ? Empty : new ReadOnlyJsonMap<TValue>(items, index);

    /// <summary>Gets the entries in insertion order, for converters. Must not be modified.</summary>
    internal ReadOnlySpan<KeyValuePair<string, TValue>> Entries => _items;

    /// <summary>
    /// Returns a map where <paramref name="key"/> has <paramref name="value"/>: an existing key keeps its position,
    /// a new key is appended. This map is not changed.
    /// </summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>The new map.</returns>
    public ReadOnlyJsonMap<TValue> SetItem(string key, TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        int index = IndexOf(key);
        KeyValuePair<string, TValue>[] items;
        if (index >= 0)
        {
            items = (KeyValuePair<string, TValue>[])_items.Clone();
            items[index] = new KeyValuePair<string, TValue>(key, value);
        }
        else
        {
            items = new KeyValuePair<string, TValue>[_items.Length + 1];
            _items.CopyTo(items, 0);
            items[^1] = new KeyValuePair<string, TValue>(key, value);
        }

        return new ReadOnlyJsonMap<TValue>(items, null);
    }

    /// <summary>Returns a map without <paramref name="key"/>, keeping the order of the other entries. This map is not changed.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The new map, or this map when it has no such key.</returns>
    public ReadOnlyJsonMap<TValue> Remove(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        int index = IndexOf(key);
        if (index < 0)
        {
            return this;
        }

        if (_items.Length == 1)
        {
            return Empty;
        }

        var items = new KeyValuePair<string, TValue>[_items.Length - 1];
        Array.Copy(_items, 0, items, 0, index);
        Array.Copy(_items, index + 1, items, index, _items.Length - index - 1);
        return new ReadOnlyJsonMap<TValue>(items, null);
    }

    /// <summary>Tells whether the map has <paramref name="key"/>.</summary>
    /// <param name="key">The key.</param>
    /// <returns><see langword="true"/> when the key is present.</returns>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>Gets the value stored under <paramref name="key"/>, if any.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The value when found; otherwise the default value.</param>
    /// <returns><see langword="true"/> when the key is present.</returns>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out TValue value)
    {
        int index = IndexOf(key);
        if (index >= 0)
        {
            value = _items[index].Value;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Returns an enumerator over the entries in insertion order.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, TValue>>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Tells whether <paramref name="other"/> has the same keys and, per key, equal values, in any order.</summary>
    /// <param name="other">The other map.</param>
    /// <returns><see langword="true"/> when the maps are equal.</returns>
    public bool Equals(ReadOnlyJsonMap<TValue>? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Count != Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, TValue> item in _items)
        {
            int index = other.IndexOf(item.Key);
            if (index < 0 || !JsonValueEquality.Equals(item.Value, other._items[index].Value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Tells whether <paramref name="obj"/> is an equal <see cref="ReadOnlyJsonMap{TValue}"/>.</summary>
    /// <param name="obj">The other object.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => Equals(obj as ReadOnlyJsonMap<TValue>);

    /// <summary>Returns an order-insensitive hash code consistent with <see cref="Equals(ReadOnlyJsonMap{TValue})"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => JsonValueEquality.MapHash(this);

    /// <summary>
    /// Returns <c>{ key1 = value1, key2 = value2 }</c> (or <c>{ }</c>), masked by <see cref="SecretMask"/>'s rule: the
    /// value of a secret-named key is <c>***</c>, strings have their URL secrets masked, and
    /// <see cref="System.Text.Json.JsonElement"/> values are compact JSON masked member by member, never raw.
    /// </summary>
    /// <returns>The display text.</returns>
    public override string ToString()
    {
        if (_items.Length == 0)
        {
            return "{ }";
        }

        var builder = new StringBuilder("{ ");
        for (int i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            JsonDisplay.AppendEntry(builder, _items[i].Key, _items[i].Value);
        }

        return builder.Append(" }").ToString();
    }

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        KeyValuePair<string, TValue>[] items = _items;
        if (items.Length <= LinearSearchLimit)
        {
            for (int i = 0; i < items.Length; i++)
            {
                if (string.Equals(items[i].Key, key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        Dictionary<string, int> index = Volatile.Read(ref _index) ?? BuildIndex();
        return index.TryGetValue(key, out int found) ? found : -1;
    }

    private Dictionary<string, int> BuildIndex()
    {
        var index = new Dictionary<string, int>(_items.Length, StringComparer.Ordinal);
        for (int i = 0; i < _items.Length; i++)
        {
            index.Add(_items[i].Key, i);
        }

        // Publish a fully built index; if another thread won the race, use its (identical) index.
        return Interlocked.CompareExchange(ref _index, index, null) ?? index;
    }
}
