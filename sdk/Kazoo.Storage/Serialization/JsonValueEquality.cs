using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Value equality used by generated records and the JSON collections: <see cref="JsonElement"/> values are
/// compared structurally with <see cref="JsonElement.DeepEquals(JsonElement, JsonElement)"/>, everything else
/// with <see cref="EqualityComparer{T}.Default"/>.
/// </summary>
public static class JsonValueEquality
{
    /// <summary>
    /// Compares two values: <see cref="JsonElement"/> (and nullable <see cref="JsonElement"/>) values by
    /// JSON structure, so <c>1</c> equals <c>1.0</c> but not <c>"1"</c>; other types with
    /// <see cref="EqualityComparer{T}.Default"/>.
    /// </summary>
    /// <typeparam name="T">The type of the values.</typeparam>
    /// <param name="x">The first value.</param>
    /// <param name="y">The second value.</param>
    /// <returns><see langword="true"/> when the values are equal.</returns>
    public static bool Equals<T>(T? x, T? y)
    {
        if (typeof(T) == typeof(JsonElement))
        {
            return ElementEquals(Unsafe.As<T?, JsonElement>(ref x), Unsafe.As<T?, JsonElement>(ref y));
        }

        if (typeof(T) == typeof(JsonElement?))
        {
            JsonElement? a = Unsafe.As<T?, JsonElement?>(ref x);
            JsonElement? b = Unsafe.As<T?, JsonElement?>(ref y);
            return a.HasValue ? b.HasValue && ElementEquals(a.GetValueOrDefault(), b.GetValueOrDefault()) : !b.HasValue;
        }

        return EqualityComparer<T?>.Default.Equals(x, y);
    }

    /// <summary>
    /// Returns a hash code consistent with <see cref="Equals{T}(T, T)"/>.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value; <see langword="null"/> hashes to 0.</param>
    /// <returns>The hash code.</returns>
    public static int GetHashCode<T>(T? value)
    {
        if (typeof(T) == typeof(JsonElement))
        {
            return ElementHash(Unsafe.As<T?, JsonElement>(ref value));
        }

        if (typeof(T) == typeof(JsonElement?))
        {
            JsonElement? element = Unsafe.As<T?, JsonElement?>(ref value);
            return element.HasValue ? ElementHash(element.GetValueOrDefault()) : 0;
        }

        return value is null ? 0 : EqualityComparer<T>.Default.GetHashCode(value);
    }

    /// <summary>
    /// Compares two lists item by item, in order, with <see cref="Equals{T}(T, T)"/>.
    /// Two <see langword="null"/> lists are equal; <see langword="null"/> never equals a list, even an empty one.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="x">The first list.</param>
    /// <param name="y">The second list.</param>
    /// <returns><see langword="true"/> when both lists have equal items in the same order.</returns>
    public static bool SequenceEqual<T>(IReadOnlyList<T>? x, IReadOnlyList<T>? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Count != y.Count)
        {
            return false;
        }

        for (int i = 0; i < x.Count; i++)
        {
            if (!Equals(x[i], y[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Compares two string-keyed maps regardless of order: same keys (ordinal) and, per key, values equal by
    /// <see cref="Equals{T}(T, T)"/>. Two <see langword="null"/> maps are equal; <see langword="null"/> never equals a map.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="x">The first map.</param>
    /// <param name="y">The second map.</param>
    /// <returns><see langword="true"/> when both maps hold the same entries.</returns>
    public static bool MapEqual<T>(IReadOnlyDictionary<string, T>? x, IReadOnlyDictionary<string, T>? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null || x.Count != y.Count)
        {
            return false;
        }

        foreach (KeyValuePair<string, T> entry in x)
        {
            if (!y.TryGetValue(entry.Key, out T? other) || !Equals(entry.Value, other))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Returns an order-sensitive hash code consistent with <see cref="SequenceEqual{T}(IReadOnlyList{T}, IReadOnlyList{T})"/>.
    /// </summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="list">The list; <see langword="null"/> hashes to 0.</param>
    /// <returns>The hash code.</returns>
    public static int SequenceHash<T>(IReadOnlyList<T>? list)
    {
        if (list is null)
        {
            return 0;
        }

        var hash = default(HashCode);
        hash.Add(list.Count);
        for (int i = 0; i < list.Count; i++)
        {
            hash.Add(GetHashCode(list[i]));
        }

        return hash.ToHashCode();
    }

    /// <summary>
    /// Returns an order-insensitive hash code consistent with
    /// <see cref="MapEqual{T}(IReadOnlyDictionary{string, T}, IReadOnlyDictionary{string, T})"/>.
    /// </summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="map">The map; <see langword="null"/> hashes to 0.</param>
    /// <returns>The hash code.</returns>
    public static int MapHash<T>(IReadOnlyDictionary<string, T>? map)
    {
        if (map is null)
        {
            return 0;
        }

        int sum = 0;
        foreach (KeyValuePair<string, T> entry in map)
        {
            sum = unchecked(sum + HashCode.Combine(StringComparer.Ordinal.GetHashCode(entry.Key), GetHashCode(entry.Value)));
        }

        return HashCode.Combine(map.Count, sum);
    }

    private static bool ElementEquals(JsonElement x, JsonElement y)
    {
        // DeepEquals throws for default (Undefined) elements; treat them as equal only to each other.
        if (x.ValueKind == JsonValueKind.Undefined || y.ValueKind == JsonValueKind.Undefined)
        {
            return x.ValueKind == y.ValueKind;
        }

        return JsonElement.DeepEquals(x, y);
    }

    private static int ElementHash(JsonElement element)
    {
        // Shallow on purpose and consistent with DeepEquals: numbers hash by kind only (1 and 1.0 are equal),
        // strings by their unescaped value, arrays and objects by their size.
        JsonValueKind kind = element.ValueKind;
        return kind switch
        {
            JsonValueKind.String => HashCode.Combine(kind, StringComparer.Ordinal.GetHashCode(element.GetString()!)),
            JsonValueKind.Array => HashCode.Combine(kind, element.GetArrayLength()),
            JsonValueKind.Object => HashCode.Combine(kind, element.GetPropertyCount()),
            _ => (int)kind,
        };
    }
}
