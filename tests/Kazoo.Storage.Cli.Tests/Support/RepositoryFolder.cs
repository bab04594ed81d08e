namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>Where the repository is: the folder above the tests' output that holds Sdk.sln.</summary>
internal static class RepositoryFolder
{
    public static string Root { get; } = Find();

    /// <summary>A path in the repository, from its parts.</summary>
    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Sdk.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("No Sdk.sln above " + AppContext.BaseDirectory);
    }
}
