namespace Kazoo.Storage.Packaging.Tests.Infrastructure;

/// <summary>
/// Packs the solution once (Release, as CI builds it) into a temporary folder, for every test that looks at packages.
/// Packing the solution packs exactly its packable projects, so new ones are covered once they are in Sdk.sln.
/// </summary>
public sealed class PackagesFixture : IAsyncLifetime
{
    private readonly TemporaryDirectory _root = new("kazoo-packages-");

    /// <summary>The folder holding the .nupkg and .snupkg files: a local NuGet source.</summary>
    public string PackageDirectory => _root.Combine("packages");

    /// <summary>The folder for build logs and the consumer project.</summary>
    public string WorkDirectory => _root.Path;

    internal BuildResult Pack { get; private set; } = null!;

    /// <summary>The packages (.nupkg), by id.</summary>
    internal IReadOnlyDictionary<string, NuGetPackage> Packages { get; private set; } = null!;

    /// <summary>The symbol packages (.snupkg), by id.</summary>
    internal IReadOnlyDictionary<string, NuGetPackage> SymbolPackages { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Pack = await Dotnet.BuildAsync(
            Repository.Root,
            _root.Combine("logs"),
            "pack",
            TimeSpan.FromMinutes(8),
            TestContext.Current.CancellationToken,
            "pack", Repository.Solution, "-c", "Release", "-o", PackageDirectory, "-p:ContinuousIntegrationBuild=true");
        if (!Pack.Succeeded)
        {
            throw new InvalidOperationException($"dotnet pack failed with exit code {Pack.ExitCode}:\n{Pack.Tail}");
        }

        Packages = Directory.GetFiles(PackageDirectory, "*.nupkg").Select(NuGetPackage.Open).ToDictionary(p => p.Id);
        SymbolPackages = Directory.GetFiles(PackageDirectory, "*.snupkg").Select(NuGetPackage.Open).ToDictionary(p => p.Id);
    }

    public ValueTask DisposeAsync()
    {
        _root.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>The tests that share one pack of the solution; they run one after the other.</summary>
[CollectionDefinition(nameof(PackagesCollection))]
public sealed class PackagesCollection : ICollectionFixture<PackagesFixture>;
