using System.Collections.Generic;
using Kazoo.Storage.Generator.Helpers;
using Kazoo.Storage.Generator.Model;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>
/// The parse step's output for one file: the read document (null when the file is not a JSON object) and what reading
/// it found. It depends on the file alone, so Roslyn re-reads only an edited file; it is never changed afterwards, so
/// the link can share it between runs.
/// </summary>
internal sealed class ParsedFile
{
    private ParsedFile(string path, SchemaDocument? document, ImmutableEquatableArray<DiagnosticInfo> diagnostics)
    {
        Path = path;
        Document = document;
        Diagnostics = diagnostics;
    }

    public string Path { get; }

    public SchemaDocument? Document { get; }

    public ImmutableEquatableArray<DiagnosticInfo> Diagnostics { get; }

    /// <summary>Parses and reads a file; never throws for bad input (an internal failure is a KZS010 at the file).</summary>
    public static ParsedFile Parse(SchemaFile file)
    {
        var diagnostics = new List<DiagnosticInfo>();
        SchemaDocument? document = null;
        try
        {
            document = SchemaDocument.Read(file, diagnostics);
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            diagnostics.Add(DiagnosticInfo.InFile(DiagnosticDescriptors.GeneratorFailure.Id, file.Path, Failures.Describe(ex)));
            document = null;
        }

        return new ParsedFile(file.Path, document, diagnostics.ToImmutableEquatableArray());
    }
}
