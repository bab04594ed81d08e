namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// A failure the CLI reports as one line and an exit code, without a stack trace: bad usage, an unreadable or non-JSON
/// input file, a document that does not fit the storage schema.
/// </summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Usage, string? hint = null, Exception? innerException = null)
        : base(message, innerException)
    {
        ExitCode = exitCode;
        Hint = hint;
    }

    /// <summary>The process exit code.</summary>
    public int ExitCode { get; }

    /// <summary>What to try instead, or null.</summary>
    public string? Hint { get; }
}
