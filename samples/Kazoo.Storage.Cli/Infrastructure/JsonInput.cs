using System.Text;
using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// Reads JSON input files: a storage document or a patch is small, so it is read whole (up to <see cref="MaxBytes"/>), its
/// syntax checked with the line and column of the first mistake, then handed to the validators or the deserializer.
/// </summary>
internal static class JsonInput
{
    /// <summary>The largest input file read; a storage document is a few kilobytes.</summary>
    public const int MaxBytes = 16 * 1024 * 1024;

    /// <summary>The validators' nesting limit.</summary>
    private const int MaxDepth = 64;

    /// <summary>Reads <paramref name="path"/> and checks that it is one JSON value.</summary>
    /// <exception cref="CliException">The file is missing, unreadable, too large, or not JSON (exit 2).</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new CliException(Directory.Exists(path) ? $"{path} is a directory, not a file." : $"{path} does not exist.");
            }

            if (info.Length > MaxBytes)
            {
                throw new CliException($"{path} is {info.Length:N0} bytes; a storage document is at most {MaxBytes:N0}.");
            }

            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"{path} cannot be read: {ex.Message}", innerException: ex);
        }

        ReadOnlyMemory<byte> json = bytes;
        if (json.Span.StartsWith(Encoding.UTF8.Preamble))
        {
            json = json[Encoding.UTF8.Preamble.Length..];
        }

        if (FindSyntaxError(json.Span) is { } error)
        {
            throw new CliException($"{path} is not JSON: line {error.Line}, column {error.Column}: {error.Message}");
        }

        return json;
    }

    /// <summary>Reads a storage document file into its record.</summary>
    /// <exception cref="CliException">The file is unreadable, not JSON, or does not fit the storage schema's shapes (exit 2).</exception>
    public static async Task<StorageDocument> ReadStorageDocumentAsync(string path, CancellationToken cancellationToken)
    {
        var json = await ReadAsync(path, cancellationToken).ConfigureAwait(false);
        return Deserialize(path, json);
    }

    /// <summary>Reads a storage document already known to be JSON.</summary>
    /// <exception cref="CliException">It does not fit the storage schema's shapes (exit 2).</exception>
    public static StorageDocument Deserialize(string path, ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json.Span, KazooStorageJson.GetTypeInfo<StorageDocument>())
                ?? throw new CliException($"{path} holds JSON null, not a storage document.");
        }
        catch (JsonException ex)
        {
            var where = string.IsNullOrEmpty(ex.Path) ? "" : $" at {ex.Path}";
            throw new CliException(
                $"{path} is not a storage document{where}.",
                hint: $"kazoo-storage validate {path} lists every problem.",
                innerException: ex);
        }
    }

    /// <summary>The first syntax error in <paramref name="utf8"/> (1-based line and column, in characters), or null.</summary>
    public static SyntaxError? FindSyntaxError(ReadOnlySpan<byte> utf8)
    {
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
        // The reader quotes the offending text, line breaks included: keep the message on one line.
        text = text.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
        return text.Length == 0 ? "invalid JSON." : text;
    }

    /// <summary>Where a file stops being JSON.</summary>
    /// <param name="Line">The line, from 1.</param>
    /// <param name="Column">The column in characters, from 1.</param>
    /// <param name="Message">What is wrong.</param>
    public sealed record SyntaxError(int Line, int Column, string Message);
}
