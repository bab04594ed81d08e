using System;
using System.Collections.Generic;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// One schema file parsed with line information, so that anything found later (by JSON pointer) can be reported
/// at its file, line and column.
/// </summary>
internal sealed class SourceMap
{
    public SourceMap(string path, JToken root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    public JToken Root { get; }

    /// <summary>Parses JSON strictly (duplicate keys are an error), or returns a located KZS001.</summary>
    /// <param name="path">The file's path, for diagnostics.</param>
    /// <param name="text">The file's text.</param>
    /// <param name="diagnostics">Where a KZS001 goes.</param>
    /// <param name="lineInfo">Whether tokens keep their positions (needed to report diagnostics at them).</param>
    public static SourceMap? TryParse(string path, string text, List<DiagnosticInfo> diagnostics, bool lineInfo = true)
    {
        if (StrictJson.Check(text) is { } problem)
        {
            diagnostics.Add(At(path, problem.Line, problem.Column, DiagnosticDescriptors.MalformedJson.Id, problem.Message));
            return null;
        }

        try
        {
            using var reader = new JsonTextReader(new System.IO.StringReader(text)) { DateParseHandling = DateParseHandling.None };
            var root = JToken.ReadFrom(reader, new JsonLoadSettings
            {
                LineInfoHandling = lineInfo ? LineInfoHandling.Load : LineInfoHandling.Ignore,
                DuplicatePropertyNameHandling = DuplicatePropertyNameHandling.Error,
                CommentHandling = CommentHandling.Load,
            });
            while (reader.Read())
            {
                if (reader.TokenType != JsonToken.Comment)
                {
                    throw new JsonReaderException(
                        "Additional text found after the end of the JSON value.", reader.Path, reader.LineNumber, reader.LinePosition, null);
                }
            }

            return new SourceMap(path, root);
        }
        catch (JsonReaderException ex)
        {
            diagnostics.Add(At(path, ex.LineNumber, ex.LinePosition, DiagnosticDescriptors.MalformedJson.Id, StripPosition(ex.Message)));
            return null;
        }
        catch (JsonException ex)
        {
            diagnostics.Add(At(path, 1, 1, DiagnosticDescriptors.MalformedJson.Id, ex.Message));
            return null;
        }
    }

    /// <summary>A diagnostic at the token a JSON pointer (<c>#/properties/x</c>) names, or at the nearest parent that exists.</summary>
    public DiagnosticInfo Diagnostic(string pointer, string id, params string[] args)
    {
        var token = Find(pointer);
        var info = (IJsonLineInfo)token;
        if (token.Parent is JProperty property)
        {
            info = property;
        }

        return info.HasLineInfo()
            ? At(Path, info.LineNumber, info.LinePosition, id, args)
            : At(Path, 1, 1, id, args);
    }

    /// <summary>A diagnostic at a given token of this file.</summary>
    public DiagnosticInfo Diagnostic(JToken token, string id, params string[] args)
    {
        IJsonLineInfo info = token.Parent is JProperty property ? property : token;
        return info.HasLineInfo() ? At(Path, info.LineNumber, info.LinePosition, id, args) : At(Path, 1, 1, id, args);
    }

    private JToken Find(string pointer)
    {
        var token = Root;
        foreach (var raw in pointer.TrimStart('#').Split(new[] { '/' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = raw.Replace("~1", "/").Replace("~0", "~");
            JToken? next = token switch
            {
                JObject obj => obj[segment],
                JArray array when int.TryParse(segment, out var index) && index < array.Count => array[index],
                _ => null,
            };
            if (next is null)
            {
                break;
            }

            token = next;
        }

        return token;
    }

    /// <summary>Newtonsoft's LinePosition counts characters read; Roslyn wants a 0-based column of the token.</summary>
    private static DiagnosticInfo At(string path, int line, int position, string id, params string[] args)
    {
        var zeroLine = Math.Max(line - 1, 0);
        var zeroColumn = Math.Max(position - 1, 0);
        return new DiagnosticInfo(id, path, zeroLine, zeroColumn, zeroLine, zeroColumn + 1, args.ToImmutableEquatableArray());
    }

    private static string StripPosition(string message)
    {
        var index = message.IndexOf(" Path '", StringComparison.Ordinal);
        if (index < 0)
        {
            index = message.IndexOf(", line ", StringComparison.Ordinal);
        }

        return index > 0 ? message.Substring(0, index) : message;
    }
}
