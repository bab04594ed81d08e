using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Builds <see cref="JsonException"/>s that say where in a JSON document an error happened,
/// as errors bubble out of nested converters.
/// </summary>
/// <remarks>
/// Each level of nesting calls <see cref="Prepend(Exception, string)"/> or <see cref="Prepend(Exception, int)"/>
/// with the property name or array index it was reading. The resulting exception always has
/// the original reason as its message followed by <c>Path: $…</c>, a <see cref="JsonException.Path"/> of
/// <c>"$"</c> followed by the relative path, and the innermost original exception as its
/// <see cref="Exception.InnerException"/>, so exception chains do not grow with the depth of the document.
/// </remarks>
public static class JsonReadPath
{
    /// <summary>The <see cref="Exception.Data"/> key holding the relative path (for example <c>.settings.bucket</c>).</summary>
    internal const string PathKey = "Kazoo.JsonPath";

    /// <summary>The <see cref="Exception.Data"/> key holding the original reason, without any path suffix.</summary>
    internal const string ReasonKey = "Kazoo.JsonReason";

    /// <summary>
    /// Returns a new <see cref="JsonException"/> for <paramref name="error"/> that happened while reading
    /// the value of the property <paramref name="propertyName"/>.
    /// </summary>
    /// <param name="error">The error thrown while reading the property value; any exception type is accepted.</param>
    /// <param name="propertyName">The name of the property whose value was being read.</param>
    /// <returns>A new exception whose path starts with the property segment.</returns>
    public static JsonException Prepend(Exception error, string propertyName)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(propertyName);
        return Build(error, PropertySegment(propertyName));
    }

    /// <summary>
    /// Returns a new <see cref="JsonException"/> for <paramref name="error"/> that happened while reading
    /// the array item at <paramref name="index"/>.
    /// </summary>
    /// <param name="error">The error thrown while reading the item; any exception type is accepted.</param>
    /// <param name="index">The zero-based index of the array item that was being read.</param>
    /// <returns>A new exception whose path starts with the index segment.</returns>
    public static JsonException Prepend(Exception error, int index)
    {
        ArgumentNullException.ThrowIfNull(error);
        return Build(error, "[" + index.ToString(CultureInfo.InvariantCulture) + "]");
    }

    /// <summary>
    /// Creates a <see cref="JsonException"/> with the given reason and an empty relative path
    /// (<see cref="JsonException.Path"/> is <c>"$"</c>); enclosing converters prepend their segments.
    /// </summary>
    /// <param name="reason">Why the JSON could not be read. Should not contain JSON values, which may be secret.</param>
    /// <returns>The new exception, to be thrown by the caller.</returns>
    public static JsonException Error(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var exception = new JsonException(reason, "$", null, null, null);
        exception.Data[PathKey] = string.Empty;
        exception.Data[ReasonKey] = reason;
        return exception;
    }

    /// <summary>
    /// Creates the error for a JSON object that lacks a required property. The relative path is empty:
    /// the caller's own <see cref="Prepend(Exception, string)"/> adds where the object was.
    /// </summary>
    /// <param name="propertyName">The JSON name of the missing property.</param>
    /// <returns>The new exception, to be thrown by the caller.</returns>
    public static JsonException MissingRequired(string propertyName)
    {
        ArgumentNullException.ThrowIfNull(propertyName);
        return Error("The JSON object is missing the required property '" + propertyName + "'.");
    }

    /// <summary>
    /// Creates the error for a token of the wrong type, for example
    /// <c>Expected a JSON string but found Number.</c>
    /// </summary>
    /// <param name="expected">The token type that the converter can read.</param>
    /// <param name="actual">The token type that the reader is positioned on.</param>
    /// <returns>The new exception, to be thrown by the caller.</returns>
    public static JsonException UnexpectedToken(JsonTokenType expected, JsonTokenType actual) =>
        Error("Expected " + Describe(expected) + " but found " + actual.ToString() + ".");

    private static JsonException Build(Exception error, string segment)
    {
        string innerPath;
        string reason;
        Exception original;
        if (error is JsonException && error.Data[PathKey] is string knownPath)
        {
            innerPath = knownPath;
            reason = error.Data[ReasonKey] as string ?? error.Message;
            original = error.InnerException ?? error;
        }
        else
        {
            innerPath = string.Empty;
            reason = error.Message;
            original = error;
        }

        string relativePath = segment + innerPath;
        var json = error as JsonException;
        var exception = new JsonException(
            reason + " Path: $" + relativePath + ".",
            "$" + relativePath,
            json?.LineNumber,
            json?.BytePositionInLine,
            original);
        exception.Data[PathKey] = relativePath;
        exception.Data[ReasonKey] = reason;
        return exception;
    }

    private static string PropertySegment(string name)
    {
        if (IsIdentifier(name))
        {
            return "." + name;
        }

        var builder = new StringBuilder(name.Length + 6);
        builder.Append("['");
        foreach (char c in name)
        {
            if (c == '\'')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append("']").ToString();
    }

    private static bool IsIdentifier(string name)
    {
        if (name.Length == 0 || !(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        for (int i = 1; i < name.Length; i++)
        {
            char c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a JSON string",
        JsonTokenType.Number => "a JSON number",
        JsonTokenType.True or JsonTokenType.False => "a JSON boolean",
        JsonTokenType.Null => "JSON null",
        JsonTokenType.StartObject => "a JSON object",
        JsonTokenType.StartArray => "a JSON array",
        JsonTokenType.EndObject => "the end of a JSON object",
        JsonTokenType.EndArray => "the end of a JSON array",
        JsonTokenType.PropertyName => "a JSON property name",
        JsonTokenType.Comment => "a JSON comment",
        _ => "a JSON value",
    };
}
