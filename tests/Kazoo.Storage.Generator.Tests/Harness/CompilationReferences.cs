using System.Collections.Immutable;
using Kazoo.Storage.Serialization;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>
/// The metadata references a test compilation gets: the shared framework of the running .NET runtime (its trusted
/// platform assemblies, so nothing is downloaded at test time) and Kazoo.Storage.dll for the
/// <c>Kazoo.Storage.Serialization</c> runtime types the generated code calls.
/// </summary>
internal static class CompilationReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_all = new(Load);

    public static ImmutableArray<MetadataReference> All => s_all.Value;

    private static ImmutableArray<MetadataReference> Load()
    {
        // Only the framework's own folder: the test app's other dependencies (xunit, Roslyn, NJsonSchema, and
        // Kazoo.Storage itself, added once below) are trusted platform assemblies too.
        var frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var trusted = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => string.Equals(Path.GetDirectoryName(path), frameworkDirectory, StringComparison.Ordinal))
            .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal);

        return trusted
            .Append(typeof(JsonExtensionData).Assembly.Location)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }
}
