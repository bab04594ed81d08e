namespace Kazoo.Storage.Packaging.Tests.Infrastructure;

/// <summary>Where the repository's files are, found from the test's own output folder.</summary>
internal static class Repository
{
    /// <summary>The repository root: the nearest folder above the tests that holds <c>Sdk.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The solution whose packable projects are the packages.</summary>
    public static string Solution => Path.Combine(Root, "Sdk.sln");

    /// <summary>The address every package names as its repository (Directory.Build.props, <c>KazooRepositoryUrl</c>).</summary>
    public const string Url = "https://github.com/kazoo-storage/kazoo-storage-dotnet";

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Sdk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("No Sdk.sln above " + AppContext.BaseDirectory + ": the tests must run from the repository's build output.");
    }
}
