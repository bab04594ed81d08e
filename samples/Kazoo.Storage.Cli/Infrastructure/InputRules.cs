namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// The checks on values people type or set in the environment, made before any SDK call so that a mistake reads as the
/// CLI's own usage error (exit 2) naming the option or the variable it came from, never as .NET's argument text.
/// </summary>
internal static class InputRules
{
    /// <summary>Whether <paramref name="value"/> is a Kazoo id: 32 lowercase letters and digits (<c>Guid.ToString("N")</c>).</summary>
    public static bool IsKazooId(string value) => Kazoo.Storage.Crossbar.KazooId.IsValid(value);

    /// <summary>The error for a value that is not a Kazoo id.</summary>
    /// <param name="source">Where it came from: an option (<c>--account</c>) or a variable (<c>KAZOO_ACCOUNT_ID</c>).</param>
    /// <param name="value">The value.</param>
    public static string NotAKazooId(string source, string value) =>
        $"{source} must be a Kazoo id, 32 lowercase letters and digits (got '{value}').";

    /// <summary>The error for an empty value.</summary>
    public static string Empty(string source) => $"{source} must not be empty.";

    /// <summary>Makes an empty (or blank) value of <paramref name="option"/> a usage error.</summary>
    public static Option<string?> NotEmpty(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && string.IsNullOrWhiteSpace(value))
            {
                result.AddError(Empty(option.Name));
            }
        });
        return option;
    }

    /// <summary>Makes a value of <paramref name="option"/> that is not a Kazoo id a usage error.</summary>
    public static Option<string?> KazooId(this Option<string?> option)
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && !IsKazooId(value))
            {
                result.AddError(NotAKazooId(option.Name, value));
            }
        });
        return option;
    }
}
