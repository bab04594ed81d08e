namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// A failure as <c>--json</c> prints it, one shape for every command and every kind of failure (the README documents it):
/// <c>{"error": {"status", "kind", "local", "message", "hint", "crossbar_message", "request_id", "errors"}}</c>.
/// </summary>
/// <param name="Kind">What failed: <c>usage</c> for the CLI's own errors, else Crossbar's kind (<c>not_found</c>, <c>timeout</c>, …).</param>
/// <param name="Message">The message, as it would be printed without <c>--json</c>.</param>
internal sealed record JsonError(string Kind, string Message)
{
    /// <summary>Crossbar's HTTP status (0 when no answer came); null when the failure happened here.</summary>
    public int? Status { get; init; }

    /// <summary>Whether nothing was sent: the failure happened on this machine.</summary>
    public bool Local { get; init; } = true;

    /// <summary>What to try instead, or null.</summary>
    public string? Hint { get; init; }

    /// <summary>Crossbar's own <c>message</c>, or null.</summary>
    public string? CrossbarMessage { get; init; }

    /// <summary>The request's id, or null.</summary>
    public string? RequestId { get; init; }

    /// <summary>Validation errors in Crossbar's shape; none by default.</summary>
    public ValidationErrors Errors { get; init; } = ValidationErrors.None;

    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        if (Status is { } status)
        {
            writer.WriteNumber("status", status);
        }
        else
        {
            writer.WriteNull("status");
        }

        writer.WriteString("kind", Kind);
        writer.WriteBoolean("local", Local);
        // Messages can quote input (a server URL, an exception's text): URL secrets masked, as in plain output.
        writer.WriteString("message", SecretMask.MaskText(Message));
        writer.WriteString("hint", Hint);
        writer.WriteString("crossbar_message", CrossbarMessage is null ? null : SecretMask.MaskText(CrossbarMessage));
        writer.WriteString("request_id", RequestId);
        writer.WritePropertyName("errors");
        Errors.WriteTo(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
