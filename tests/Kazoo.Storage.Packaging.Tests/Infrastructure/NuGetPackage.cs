using System.IO.Compression;
using System.Xml.Linq;

namespace Kazoo.Storage.Packaging.Tests.Infrastructure;

/// <summary>A .nupkg (or .snupkg) read as the zip it is: its nuspec and its file list.</summary>
internal sealed class NuGetPackage
{
    private NuGetPackage(string path, XElement metadata, IReadOnlyList<string> files)
    {
        FilePath = path;
        Metadata = metadata;
        Files = files;
    }

    public string FilePath { get; }

    /// <summary>The nuspec's <c>metadata</c> element.</summary>
    public XElement Metadata { get; }

    /// <summary>Every entry's path inside the package, with forward slashes.</summary>
    public IReadOnlyList<string> Files { get; }

    public string Id => Value("id") ?? throw new InvalidDataException(FilePath + " has no id.");

    public string Version => Value("version") ?? throw new InvalidDataException(FilePath + " has no version.");

    /// <summary>The text of a metadata element, or null.</summary>
    public string? Value(string name) => Element(name)?.Value;

    /// <summary>A metadata element, or null.</summary>
    public XElement? Element(string name) => Metadata.Element(Metadata.Name.Namespace + name);

    /// <summary>The packages this package depends on (id and version range), from every dependency group.</summary>
    public IReadOnlyList<(string Id, string Version)> Dependencies =>
        Metadata.Descendants(Metadata.Name.Namespace + "dependency")
            .Select(d => ((string)d.Attribute("id")!, (string)d.Attribute("version")!))
            .ToList();

    public static NuGetPackage Open(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        var nuspec = zip.Entries.Single(e => !e.FullName.Contains('/') && e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        XDocument document;
        using (var stream = nuspec.Open())
        {
            document = XDocument.Load(stream);
        }

        var metadata = document.Root?.Element(document.Root.Name.Namespace + "metadata")
            ?? throw new InvalidDataException(path + " has a nuspec without metadata.");
        return new NuGetPackage(path, metadata, zip.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList());
    }

    /// <summary>Opens an entry's bytes (copied into memory: entries here are small PDBs and nuspecs).</summary>
    public byte[] ReadEntry(string entryPath)
    {
        using var zip = ZipFile.OpenRead(FilePath);
        var entry = zip.GetEntry(entryPath) ?? throw new FileNotFoundException(entryPath + " is not in " + FilePath);
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public override string ToString() => System.IO.Path.GetFileName(FilePath);
}
