using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>Diagnostics as readable assertion messages: one per line, with id, severity, file, line and message.</summary>
internal static class DiagnosticList
{
    public static IReadOnlyList<Diagnostic> AtLeast(this IEnumerable<Diagnostic> diagnostics, DiagnosticSeverity severity)
        => diagnostics.Where(d => d.Severity >= severity).ToList();

    public static string Describe(this IEnumerable<Diagnostic> diagnostics)
    {
        var lines = diagnostics.Select(d => "  " + d).ToList();
        return lines.Count == 0 ? "(none)" : lines.Count + " diagnostic(s):" + Environment.NewLine + string.Join(Environment.NewLine, lines);
    }
}
