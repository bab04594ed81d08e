using System.Security;

namespace Kazoo.Storage.Packaging.Tests.Infrastructure;

/// <summary>
/// A project outside the repository that knows the SDK only through the packed packages: copied to a temporary folder
/// and isolated there, so the repository's Directory.Build.props, Directory.Packages.props and sources cannot leak in,
/// and restore takes Kazoo.Storage* from the packed folder only.
/// </summary>
internal static class ConsumerProject
{
    /// <summary>
    /// Writes the consumer's isolation files (below) and returns its own package cache folder.
    /// </summary>
    /// <param name="consumer">The consumer's folder.</param>
    /// <param name="fixture">The packed packages.</param>
    /// <param name="packagesCacheName">The name of the consumer's package cache folder, in the fixture's work folder.</param>
    /// <param name="ct">Cancels the NuGet look-up.</param>
    /// <param name="properties">MSBuild properties for the consumer (its Directory.Build.props).</param>
    public static async Task<string> IsolateAsync(string consumer, PackagesFixture fixture, string packagesCacheName, CancellationToken ct, params (string Name, string Value)[] properties)
    {
        var packagesCache = Path.Combine(fixture.WorkDirectory, packagesCacheName);
        var feeds = await EnabledPackageSourcesAsync(consumer, ct);
        WriteIsolation(consumer, fixture, packagesCache, feeds, properties);
        return packagesCache;
    }

    /// <summary>The package sources this machine's NuGet configuration enables (read before the consumer has its own).</summary>
    private static async Task<IReadOnlyList<string>> EnabledPackageSourcesAsync(string directory, CancellationToken ct)
    {
        var list = await Dotnet.RunAsync(Dotnet.Host, ["nuget", "list", "source", "--format", "Short"], directory, null, TimeSpan.FromMinutes(1), ct);
        Assert.True(list.ExitCode == 0, list.ToString());
        // Lines read "E <source>" (enabled) or "D <source>" (disabled).
        return list.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ', 2, StringSplitOptions.TrimEntries))
            .Where(parts => parts.Length == 2 && parts[0].Contains('E', StringComparison.Ordinal))
            .Select(parts => parts[1])
            .ToList();
    }

    /// <summary>
    /// nuget.config: the packed folder for Kazoo.Storage* (and nothing else), the machine's usual feeds for the rest, a
    /// package cache of the consumer's own (so a package from an earlier run is never reused), and the machine's cache as
    /// a read-only fallback (so the dependencies need no download) unless it holds one of our packages.
    /// Directory.Build.props/.targets and Directory.Packages.props: ours, so that no file above the folder applies.
    /// </summary>
    private static void WriteIsolation(string consumer, PackagesFixture fixture, string packagesCache, IReadOnlyList<string> feeds, (string Name, string Value)[] properties)
    {
        var version = fixture.Packages["Kazoo.Storage"].Version;
        var feedSources = string.Concat(feeds.Select((feed, i) => $"\n    <add key=\"feed{i}\" value=\"{SecurityElement.Escape(feed)}\" />"));
        var feedMappings = string.Concat(feeds.Select((_, i) => $"\n    <packageSource key=\"feed{i}\"><package pattern=\"*\" /></packageSource>"));
        var machineCache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // Restore prefers a fallback folder to any source: if some other restore ever put one of our packages at this
        // version there, do without the fallback (and download the dependencies) rather than test a stale package.
        var fallback = fixture.Packages.Keys.Any(id => Directory.Exists(Path.Combine(machineCache, id.ToLowerInvariant(), version)))
            ? ""
            : $"<add key=\"machine\" value=\"{SecurityElement.Escape(machineCache)}\" />";
        File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{SecurityElement.Escape(packagesCache)}" />
              </config>
              <packageSources>
                <clear />
                <add key="packed" value="{SecurityElement.Escape(fixture.PackageDirectory)}" />{feedSources}
              </packageSources>
              <packageSourceMapping>
                <clear />
                <packageSource key="packed">
                  <package pattern="Kazoo.Storage" />
                  <package pattern="Kazoo.Storage.*" />
                </packageSource>{feedMappings}
              </packageSourceMapping>
              <fallbackPackageFolders>
                <clear />
                {fallback}
              </fallbackPackageFolders>
            </configuration>
            """);
        var extra = string.Concat(properties.Select(p => $"\n    <{p.Name}>{SecurityElement.Escape(p.Value)}</{p.Name}>"));
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), $$"""
            <Project>
              <PropertyGroup>
                <KazooStorageVersion>{{version}}</KazooStorageVersion>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>{{extra}}
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumer, "Directory.Packages.props"), """
            <Project>
              <PropertyGroup>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
            </Project>
            """);
    }

    public static void Copy(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
