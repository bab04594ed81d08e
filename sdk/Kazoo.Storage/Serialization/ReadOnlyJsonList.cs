using System.Collections;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// An immutable list: the C# shape of a JSON array. Equality is structural and ordered; items are compared with
/// <see cref="JsonValueEquality.Equals{T}(T, T)"/>, so <see cref="System.Text.Json.JsonElement"/> items compare by JSON structure.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class ReadOnlyJsonList<T> : IReadOnlyList<T>, IEquatable<ReadOnlyJsonList<T>>
{
    private readonly T[] _items;

    private ReadOnlyJsonList(T[] items)
    {
        _items = items;
    }

    /// <summary>Gets the empty list.</summary>
    public static ReadOnlyJsonList<T> Empty { get; } = new([]);

    /// <summary>Gets the number of items.</summary>
    public int Count => _items.Length;

    /// <summary>Gets the item at <paramref name="index"/>.</summary>
    /// <param name="index">The zero-based index.</param>
    /// <returns>The item.</returns>
    /// <exception cref="IndexOutOfRangeException"><paramref name="index"/> is outside the list.</exception>
    public T this[int index] => _items[index];

    /// <summary>
    /// Returns an immutable list with the items of <paramref name="source"/>, in order.
    /// </summary>
    /// <param name="source">The items, or <see langword="null"/>.</param>
    /// <returns>
    /// <see langword="null"/> when <paramref name="source"/> is <see langword="null"/>; <paramref name="source"/> itself when it
    /// already is a <see cref="ReadOnlyJsonList{T}"/>; otherwise a copy.
    /// </returns>
    [return: NotNullIfNotNull(nameof(source))]
    public static ReadOnlyJsonList<T>? From(IEnumerable<T>? source)
    {
        if (source is null)
        {
            return null;
        }

        if (source is ReadOnlyJsonList<T> list)
        {
            return list;
        }

        T[] items = source.ToArray();
        return items.Length == 0 ? Empty : new ReadOnlyJsonList<T>(items);
    }

    /// <summary>
    /// Fast factory for converters: wraps the first <paramref name="count"/> items of <paramref name="items"/>,
    /// which the caller gives up.
    /// </summary>
    /// <param name="items">The item buffer, owned by the list afterwards when its length equals <paramref name="count"/>.</param>
    /// <param name="count">The number of items used in <paramref name="items"/>.</param>
    /// <returns>The list.</returns>
    internal static ReadOnlyJsonList<T> FromOwnedBuffer(T[] items, int count)
    {
        if (count == 0)
        {
            return Empty;
        }

        if (items.Length != count)
        {
            Array.Resize(ref items, count);
        }

        return new ReadOnlyJsonList<T>(items);
    }

    /// <summary>Gets the items, for converters. Must not be modified.</summary>
    internal ReadOnlySpan<T> Items => _items;

    /// <summary>Returns an enumerator over the items.</summary>
    /// <returns>The enumerator.</returns>
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Tells whether <paramref name="other"/> has equal items in the same order.</summary>
    /// <param name="other">The other list.</param>
    /// <returns><see langword="true"/> when the lists are equal.</returns>
    public bool Equals(ReadOnlyJsonList<T>? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other._items.Length != _items.Length)
        {
            return false;
        }

        for (int i = 0; i < _items.Length; i++)
        {
            if (!JsonValueEquality.Equals(_items[i], other._items[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Tells whether <paramref name="obj"/> is an equal <see cref="ReadOnlyJsonList{T}"/>.</summary>
    /// <param name="obj">The other object.</param>
    /// <returns><see langword="true"/> when equal.</returns>
    public override bool Equals(object? obj) => Equals(obj as ReadOnlyJsonList<T>);

    /// <summary>Returns an ordered hash code consistent with <see cref="Equals(ReadOnlyJsonList{T})"/>.</summary>
    /// <returns>The hash code.</returns>
    public override int GetHashCode() => JsonValueEquality.SequenceHash(this);

    /// <summary>
    /// Returns <c>[a, b]</c> (or <c>[]</c>), masked by <see cref="SecretMask"/>'s rule: strings have their URL secrets
    /// masked, and <see cref="System.Text.Json.JsonElement"/> items are compact JSON masked member by member, never raw.
    /// </summary>
    /// <returns>The display text.</returns>
    public override string ToString()
    {
        var builder = new StringBuilder("[");
        for (int i = 0; i < _items.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            builder.Append(JsonDisplay.Format(_items[i]));
        }

        return builder.Append(']').ToString();
    }
}
