using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Kazoo.Storage.Generator.Helpers;

/// <summary>
/// A diagnostic as plain, equatable data (file path and line span instead of a Roslyn Location), so the model
/// stays cacheable; it becomes a real <see cref="Diagnostic"/> only when reported.
/// </summary>
internal sealed record DiagnosticInfo(
    string Id,
    string FilePath,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn,
    ImmutableEquatableArray<string> MessageArgs)
{
    /// <summary>A diagnostic at the start of a file (or nowhere, for an empty path).</summary>
    public static DiagnosticInfo InFile(string id, string path, params string[] args) =>
        new(id, path, 0, 0, 0, path.Length == 0 ? 0 : 1, args.ToImmutableEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        var descriptor = DiagnosticDescriptors.ById(Id);
        var location = FilePath.Length == 0
            ? Location.None
            : Location.Create(
                FilePath,
                default(TextSpan),
                new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
        var args = new object[MessageArgs.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = MessageArgs[i];
        }

        return Diagnostic.Create(descriptor, location, args);
    }
}
