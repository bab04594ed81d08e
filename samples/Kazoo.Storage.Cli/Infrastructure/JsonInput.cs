using System.Text;

namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// Reads JSON inputs: a file, or standard input for <c>-</c>. A storage document or a patch is small, so it is read whole,
/// but never more than <see cref="MaxBytes"/> whatever the source (a regular file, a pipe, a device such as
/// <c>/dev/zero</c>); then it is checked to be UTF-8 and one JSON value, with the line and byte of the first mistake,
/// before the validators or the deserializer see it.
/// </summary>
internal static class JsonInput
{
    /// <summary>The largest input read (16 MiB); a storage document is a few kilobytes.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The argument that names standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>The limit as people read it.</summary>
    private const string Limit = "16 MiB";

    /// <summary>How an input is named in messages: its path, or "standard input".</summary>
    public static string NameOf(string path) => path == StandardInput ? "standard input" : path;

    /// <summary>Reads <paramref name="path"/> (standard input for <c>-</c>) and checks that it is one JSON value in UTF-8.</summary>
    /// <exception cref="CliException">The input is missing, unreadable, too large, not UTF-8 or not JSON (exit 2).</exception>
    public static async Task<JsonFile> ReadAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var name = NameOf(path);
        var bytes = await ReadBoundedAsync(context, path, name, cancellationToken).ConfigureAwait(false);
        if (bytes.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        // The SDK's own check, so the CLI refuses the texts the validators and Kazoo refuse, in the same words.
        if (NotJson.Find(bytes.Span, name) is { } notJson)
        {
            throw new CliException(notJson.Message);
        }

        return new JsonFile(name, bytes);
    }

    /// <summary>Reads a storage document into its record.</summary>
    /// <exception cref="CliException">The input is unreadable, not JSON, or does not fit the storage schema's shapes (exit 2).</exception>
    public static async Task<StorageDocument> ReadStorageDocumentAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var json = await ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
        try
        {
            return JsonSerializer.Deserialize(json.Bytes.Span, KazooStorageJson.GetTypeInfo<StorageDocument>())
                ?? throw new CliException($"{json.Name} holds JSON null, not a storage document.");
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? "" : $" at {ex.Path}";
            throw new CliException($"{json.Name} is not a storage document{where}.", hint: $"kazoo-storage validate {path} lists every problem.", innerException: ex);
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(CliContext context, string path, string name, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            if (path == StandardInput)
            {
                stream = context.OpenStandardInput();
            }
            else
            {
                if (path.Length == 0)
                {
                    throw new CliException("An input file name is empty.");
                }

                if (Directory.Exists(path))
                {
                    throw new CliException($"{path} is a directory, not a file.");
                }

                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    throw new CliException($"{path} does not exist.");
                }

                // A regular file says its size up front; pipes and devices (length 0) are bounded while reading.
                if (info.Length > MaxBytes)
                {
                    throw TooLarge(name, $"it is {info.Length:N0} bytes");
                }

                stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.Asynchronous);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"{path} cannot be read: {ex.Message}", innerException: ex);
        }

        await using (stream.ConfigureAwait(false))
        {
            try
            {
                var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                // WaitAsync: a console's standard input ignores the token, and Ctrl+C must not wait for the next line.
                while ((read = await stream.ReadAsync(chunk, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxBytes)
                    {
                        throw TooLarge(name, "more than that was read");
                    }

                    buffer.Write(chunk, 0, read);
                }

                return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw new CliException($"{name} cannot be read: {ex.Message}", innerException: ex);
            }
        }
    }

    private static CliException TooLarge(string name, string size) =>
        new($"{name} is too large: the limit for an input is {Limit} ({MaxBytes:N0} bytes) and {size}. A storage document is a few kilobytes.");
}

/// <summary>A JSON input as read.</summary>
/// <param name="Name">How messages name it: its path, or "standard input".</param>
/// <param name="Bytes">Its bytes: one JSON value in UTF-8, without a byte order mark.</param>
internal readonly record struct JsonFile(string Name, ReadOnlyMemory<byte> Bytes);
