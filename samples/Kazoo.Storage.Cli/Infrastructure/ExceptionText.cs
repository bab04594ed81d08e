namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// An exception's message with the causes under it, for one line of output: .NET's outer messages often say only "see
/// inner exception" (a refused TLS certificate, a reset connection), and the reason is further down.
/// </summary>
internal static class ExceptionText
{
    private static readonly string[] s_pointers = [", see inner exception", " See the inner exception for details", "See inner exception"];

    /// <summary>The message, then each inner message that adds something, joined with <c>": "</c>.</summary>
    public static string WithCauses(Exception exception)
    {
        var text = Clean(exception.Message);
        for (var inner = exception.InnerException; inner is not null; inner = inner.InnerException)
        {
            var message = Clean(inner.Message);
            if (message.Length > 0 && !text.Contains(message, StringComparison.Ordinal))
            {
                text += ": " + message;
            }
        }

        return text;
    }

    private static string Clean(string message)
    {
        foreach (var pointer in s_pointers)
        {
            message = message.Replace(pointer, "", StringComparison.Ordinal);
        }

        return message.Trim().TrimEnd('.');
    }
}
