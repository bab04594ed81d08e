using System.Text;
using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// Reads JSON inputs: a file, or standard input for <c>-</c>. A storage document or a patch is small, so it is read whole,
/// but never more than <see cref="MaxBytes"/> whatever the source (a regular file, a pipe, a device such as
/// <c>/dev/zero</c>); then it is checked to be UTF-8 and one JSON value, with the line and column of the first mistake,
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

    /// <summary>The validators' nesting limit.</summary>
    private const int MaxDepth = 64;

    /// <summary>How an input is named in messages: its path, or "standard input".</summary>
    public static string NameOf(string path) => path == StandardInput ? "standard input" : path;

    /// <summary>Reads <paramref name="path"/> (standard input for <c>-</c>) and checks that it is one JSON value in UTF-8.</summary>
    /// <exception cref="CliException">The input is missing, unreadable, too large, not UTF-8 or not JSON (exit 2).</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var name = NameOf(path);
        var bytes = await ReadBoundedAsync(context, path, name, cancellationToken).ConfigureAwait(false);
        if (bytes.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            bytes = bytes[Encoding.UTF8.Preamble.Length..];
        }

        if (FindSyntaxError(bytes.Span) is { } error)
        {
            throw new CliException($"{name} is not JSON: line {error.Line}, column {error.Column}: {error.Message}");
        }

        return bytes;
    }

    /// <summary>Reads a storage document into its record.</summary>
    /// <exception cref="CliException">The input is unreadable, not JSON, or does not fit the storage schema's shapes (exit 2).</exception>
    public static async Task<StorageDocument> ReadStorageDocumentAsync(CliContext context, string path, CancellationToken cancellationToken)
    {
        var json = await ReadAsync(context, path, cancellationToken).ConfigureAwait(false);
        return Deserialize(path, json);
    }

    /// <summary>Reads a storage document already known to be JSON.</summary>
    /// <exception cref="CliException">It does not fit the storage schema's shapes (exit 2).</exception>
    public static StorageDocument Deserialize(string path, ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json.Span, KazooStorageJson.GetTypeInfo<StorageDocument>())
                ?? throw new CliException($"{NameOf(path)} holds JSON null, not a storage document.");
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? "" : $" at {ex.Path}";
            throw new CliException(
                $"{NameOf(path)} is not a storage document{where}.",
                hint: $"kazoo-storage validate {path} lists every problem.",
                innerException: ex);
        }
    }

    /// <summary>
    /// The first reason <paramref name="utf8"/> is not one JSON value (1-based line and column, in characters), or null:
    /// nothing but white space, a byte sequence that is not UTF-8 (JSON text is UTF-8; no part of Kazoo accepts anything
    /// else), or a syntax error.
    /// </summary>
    public static SyntaxError? FindSyntaxError(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Trim(" \t\r\n"u8).IsEmpty)
        {
            // The reader says "… while isFinalBlock is true", which means nothing to a person.
            return new SyntaxError(1, 1, "there is nothing in it; a storage document is a JSON object.");
        }

        if (FirstInvalidUtf8(utf8) is { } invalid)
        {
            var (line, column) = Position(utf8, invalid);
            return new SyntaxError(line, column, $"invalid UTF-8 (byte 0x{utf8[invalid]:X2}); JSON text must be UTF-8.");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            while (reader.Read())
            {
            }

            return null;
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber ?? 0;
            var bytesInLine = ex.BytePositionInLine ?? 0;
            return new SyntaxError((int)line + 1, Column(utf8, line, bytesInLine), Describe(ex.Message));
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

    // The index of the first byte that does not start a valid UTF-8 sequence, or null when all of it is UTF-8.
    private static int? FirstInvalidUtf8(ReadOnlySpan<byte> utf8)
    {
        if (System.Text.Unicode.Utf8.IsValid(utf8))
        {
            return null;
        }

        var index = 0;
        while (System.Text.Rune.DecodeFromUtf8(utf8[index..], out _, out var consumed) == System.Buffers.OperationStatus.Done)
        {
            index += consumed;
        }

        return index;
    }

    // The 1-based line and character column of a byte offset.
    private static (int Line, int Column) Position(ReadOnlySpan<byte> utf8, int offset)
    {
        var before = utf8[..offset];
        var line = before.Count((byte)'\n');
        var lineStart = before.LastIndexOf((byte)'\n') + 1;
        return (line + 1, Encoding.UTF8.GetCharCount(utf8[lineStart..offset]) + 1);
    }

    // The character column: the bytes of the line up to the error, decoded.
    private static int Column(ReadOnlySpan<byte> utf8, long line, long bytesInLine)
    {
        var start = 0;
        for (long l = 0; l < line && start < utf8.Length; l++)
        {
            var next = utf8[start..].IndexOf((byte)'\n');
            if (next < 0)
            {
                break;
            }

            start += next + 1;
        }

        var length = (int)Math.Min(bytesInLine, utf8.Length - start);
        return Encoding.UTF8.GetCharCount(utf8.Slice(start, length)) + 1;
    }

    // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 3." (0-based); the CLI says it its own way.
    private static string Describe(string message)
    {
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        // The reader's own state ("while isFinalBlock is true") is no help to a person.
        text = text.Replace(", while isFinalBlock is true", "", StringComparison.Ordinal);
        // The reader quotes the offending text, line breaks included: keep the message on one line.
        text = text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return text.Length == 0 ? "invalid JSON." : text;
    }

    /// <summary>Where an input stops being JSON.</summary>
    /// <param name="Line">The line, from 1.</param>
    /// <param name="Column">The column in characters, from 1.</param>
    /// <param name="Message">What is wrong.</param>
    public sealed record SyntaxError(int Line, int Column, string Message);
}
