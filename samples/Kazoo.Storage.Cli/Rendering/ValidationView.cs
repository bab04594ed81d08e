namespace Kazoo.Storage.Cli.Rendering;

/// <summary>Prints validation errors (Crossbar's shape) for people: one line per error with its path, rule and message.</summary>
internal static class ValidationView
{
    private const int MaxEcho = 80;
    private static readonly JsonSerializerOptions s_compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// One line per error: <c>path: rule (target): message (value …)</c>, the path in yellow and the rule in red when the
    /// console has colours. Echoed values come from the validator, which already masks secrets.
    /// </summary>
    public static void Write(IAnsiConsole console, ValidationErrors errors, string indent = "  ")
    {
        foreach (var error in errors)
        {
            var path = error.Path.Length == 0 ? "(document)" : error.Path;
            var line = indent + "[yellow]" + Markup.Escape(path) + "[/]: [red]" + Markup.Escape(error.Code) + "[/]";
            if (error.Target is { } target && Echo(target) is { } targetText)
            {
                line += " (" + Markup.Escape(targetText) + ")";
            }

            line += ": " + Markup.Escape(error.Message);
            if (error.Value is { } value && Echo(value) is { } valueText)
            {
                line += " [grey](value " + Markup.Escape(valueText) + ")[/]";
            }

            console.MarkupLine(line);
        }
    }

    /// <summary>The error count in words.</summary>
    public static string Count(ValidationErrors errors) => errors.Count == 1 ? "1 error" : errors.Count + " errors";

    // Compact JSON, shortened; nothing for an undefined value.
    private static string? Echo(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            return null;
        }

        var text = JsonSerializer.Serialize(value, s_compact);

        return text.Length <= MaxEcho ? text : text[..(MaxEcho - 1)] + "…";
    }
}
