using System.Reflection.Metadata;
using System.Text;

namespace Kazoo.Storage.Packaging.Tests.Infrastructure;

/// <summary>What a portable PDB says about its sources: the SourceLink map and the document paths.</summary>
internal sealed record PortablePdb(string? SourceLink, IReadOnlyList<string> Documents)
{
    // The SourceLink custom debug information kind (Portable PDB specification).
    private static readonly Guid s_sourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    public static PortablePdb Read(byte[] pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbImage(System.Collections.Immutable.ImmutableArray.Create(pdb));
        var reader = provider.GetMetadataReader();
        string? sourceLink = null;
        foreach (var handle in reader.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var information = reader.GetCustomDebugInformation(handle);
            if (reader.GetGuid(information.Kind) == s_sourceLinkKind)
            {
                sourceLink = Encoding.UTF8.GetString(reader.GetBlobBytes(information.Value));
            }
        }

        var documents = reader.Documents.Select(d => reader.GetString(reader.GetDocument(d).Name)).ToList();
        return new PortablePdb(sourceLink, documents);
    }
}
