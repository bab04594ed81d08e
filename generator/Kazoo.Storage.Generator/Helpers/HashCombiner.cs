namespace Kazoo.Storage.Generator.Helpers;

/// <summary>netstandard2.0 has no System.HashCode; this is the small part of it the model needs.</summary>
internal static class HashCombiner
{
    public static int Combine(params object?[] values)
    {
        var hash = 17;
        foreach (var value in values)
        {
            hash = unchecked((hash * 31) + (value?.GetHashCode() ?? 0));
        }

        return hash;
    }
}
