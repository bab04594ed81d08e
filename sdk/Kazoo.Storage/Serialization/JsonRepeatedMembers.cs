using System.ComponentModel;
using System.Text.Json;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// Kazoo's rule for a member name that repeats within one JSON object: its decoder (jiffy, through kz_json) keeps every
/// occurrence, and reading a key gives the first, so the first occurrence is the member and the later ones are never
/// seen. The validators, the generated records' converters and the Crossbar emulator all read JSON this way.
/// </summary>
/// <remarks>Public for the emulator (another assembly); hidden from IntelliSense, not meant for other code.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonRepeatedMembers
{
    /// <summary>
    /// A value with every object in it, at any depth, reduced to the first occurrence of each member name (names compared
    /// unescaped), in the order they came; the value itself when no name repeats.
    /// </summary>
    /// <param name="value">Any JSON value.</param>
    /// <returns>A detached element, or <paramref name="value"/> when nothing repeats.</returns>
    public static JsonElement FirstOccurrences(JsonElement value) => MemberNames.FirstOccurrences(value);
}
