namespace Kazoo.Storage.Serialization;

/// <summary>
/// Collects string-keyed entries in insertion order for <see cref="ReadOnlyJsonMap{TValue}"/>: a repeated key
/// replaces the earlier value but keeps the earlier position. Use only as a local variable (mutable struct).
/// </summary>
/// <typeparam name="TValue">The value type.</typeparam>
internal struct OrderedEntriesBuilder<TValue>
{
    private KeyValuePair<string, TValue>[] _items;
    private int _count;
    private Dictionary<string, int>? _index;

    /// <summary>Initializes a builder with room for <paramref name="capacity"/> entries.</summary>
    /// <param name="capacity">The expected number of entries.</param>
    public OrderedEntriesBuilder(int capacity)
    {
        _items = capacity > 0 ? new KeyValuePair<string, TValue>[capacity] : [];
        _count = 0;
        _index = null;
    }

    /// <summary>Gets the number of distinct keys collected so far.</summary>
    public readonly int Count => _count;

    /// <summary>Whether an entry has this key.</summary>
    /// <param name="key">The key.</param>
    public readonly bool Contains(string key) => IndexOf(key) >= 0;

    /// <summary>Adds an entry, or replaces the value of an existing key in place.</summary>
    /// <param name="key">The key; must not be <see langword="null"/>.</param>
    /// <param name="value">The value.</param>
    public void Set(string key, TValue value)
    {
        if (key is null)
        {
            throw new ArgumentException("A JSON map key cannot be null.", nameof(key));
        }

        int existing = IndexOf(key);
        if (existing >= 0)
        {
            _items[existing] = new KeyValuePair<string, TValue>(key, value);
            return;
        }

        _items ??= [];
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, Math.Max(4, _items.Length * 2));
        }

        _items[_count] = new KeyValuePair<string, TValue>(key, value);
        _index?.Add(key, _count);
        _count++;
        if (_index is null && _count > ReadOnlyJsonMap<TValue>.LinearSearchLimit)
        {
            _index = new Dictionary<string, int>(_count * 2, StringComparer.Ordinal);
            for (int i = 0; i < _count; i++)
            {
                _index.Add(_items[i].Key, i);
            }
        }
    }

    /// <summary>Creates the map; the builder must not be used afterwards.</summary>
    /// <returns>The map, or <see cref="ReadOnlyJsonMap{TValue}.Empty"/> when nothing was added.</returns>
    public ReadOnlyJsonMap<TValue> ToMap()
    {
        if (_count == 0)
        {
            return ReadOnlyJsonMap<TValue>.Empty;
        }

        if (_count != _items.Length)
        {
            Array.Resize(ref _items, _count);
        }

        return ReadOnlyJsonMap<TValue>.FromUniqueEntries(_items, _index);
    }

    private readonly int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out int found) ? found : -1;
        }

        for (int i = 0; i < _count; i++)
        {
            if (string.Equals(_items[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
