using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>
/// One failed rule, in Crossbar's shape: a dotted JSON path (a <c>.</c> inside a key written as <c>%2E</c>), a code
/// (<c>required</c>, <c>type</c>, <c>enum</c>, <c>minLength</c>, <c>pattern</c>, <c>not_one_schema_valid</c>, <c>error</c>,
/// <c>invalid</c>, …) and the detail object Crossbar puts under that code.
/// </summary>
/// <param name="Path">The dotted path of the value, e.g. <c>attachments.0f5c….settings.bucket</c>; empty for the document itself.</param>
/// <param name="Code">The failure code.</param>
/// <param name="Detail">
/// The detail object as Crossbar writes it: <c>message</c>, and as the code has them <c>target</c>, <c>value</c>,
/// <c>cause</c>, <c>format</c>, <c>error_code</c>, <c>error_body</c>. Secret values are already masked.
/// </param>
public sealed record ValidationError(string Path, string Code, JsonElement Detail)
{
    /// <summary>The detail's <c>message</c>, or the code when there is none.</summary>
    public string Message => Detail.ValueKind == JsonValueKind.Object && Detail.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
        ? message.GetString()!
        : Code;

    /// <summary>The detail's <c>target</c> (the rule's parameter: a length, a regex, the enum values), if any.</summary>
    public JsonElement? Target => Member("target");

    /// <summary>The detail's <c>value</c> (the offending value, secrets masked), if any.</summary>
    public JsonElement? Value => Member("value");

    /// <summary>A one-line description: path, code and message (values are not printed).</summary>
    public override string ToString() => (Path.Length == 0 ? "(document)" : Path) + ": " + Code + ": " + Message;

    private JsonElement? Member(string name) =>
        Detail.ValueKind == JsonValueKind.Object && Detail.TryGetProperty(name, out var value) ? value : null;
}
