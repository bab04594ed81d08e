namespace Kazoo.Storage.Crossbar;

/// <summary>
/// The one rule for a Kazoo id (an account's, a user's): exactly 32 lowercase ASCII letters and digits, what
/// <c>Guid.ToString("N")</c> gives and Kazoo's schemas accept (<c>^[a-z0-9]{32}$</c>). A hyphenated or uppercase GUID is
/// not one.
/// </summary>
public static class KazooId
{
    /// <summary>The length of every Kazoo id.</summary>
    public const int Length = 32;

    /// <summary>Whether <paramref name="id"/> is a Kazoo id.</summary>
    /// <param name="id">The text.</param>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length != Length)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterLower(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns <paramref name="id"/> when it is a Kazoo id; throws otherwise.</summary>
    /// <param name="id">The text.</param>
    /// <param name="parameterName">The parameter it came from, for the exception.</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is not a Kazoo id.</exception>
    internal static string Check(string id, string parameterName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id, parameterName);
        return IsValid(id)
            ? id
            : throw new ArgumentException("'" + id + "' is not a Kazoo id: 32 lowercase letters and digits, as Guid.ToString(\"N\") writes them.", parameterName);
    }
}
