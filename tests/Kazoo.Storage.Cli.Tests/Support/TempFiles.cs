namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>A private temporary folder for input files, deleted at the end of the test.</summary>
internal sealed class TempFiles : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("kazoo-storage-cli-tests-");

    public string Write(string name, string text, bool bom = false)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllText(path, text, new UTF8Encoding(bom));
        return path;
    }

    public string WriteBytes(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder.FullName, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string PathOf(string name) => Path.Combine(_folder.FullName, name);

    public void Dispose() => _folder.Delete(recursive: true);
}
