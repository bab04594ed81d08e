using System.Security;
using Kazoo.Storage.Packaging.Tests.Infrastructure;

namespace Kazoo.Storage.Packaging.Tests;

/// <summary>
/// Builds and runs a project outside the repository (ConsumerApp/, copied to a temporary folder) that knows the SDK
/// only through the packed packages: the repository's Directory.Build.props, Directory.Packages.props and sources
/// cannot leak in, and restore takes Kazoo.Storage* from the packed folder only.
/// </summary>
[Collection(nameof(PackagesCollection))]
public sealed class ConsumerProjectTests(PackagesFixture fixture)
{
    [Fact]
    public async Task A_consumer_of_the_packages_uses_the_client_and_generates_types_from_its_own_schema()
    {
        var ct = TestContext.Current.CancellationToken;
        var version = fixture.Packages["Kazoo.Storage"].Version;
        var consumer = Path.Combine(fixture.WorkDirectory, "consumer");
        var packagesCache = Path.Combine(fixture.WorkDirectory, "consumer-packages");
        CopyDirectory(Path.Combine(AppContext.BaseDirectory, "ConsumerApp"), consumer);
        var feeds = await EnabledPackageSourcesAsync(consumer, ct);
        WriteIsolation(consumer, packagesCache, version, feeds);

        var build = await Dotnet.BuildAsync(consumer, Path.Combine(fixture.WorkDirectory, "logs"), "consumer", TimeSpan.FromMinutes(5), ct,
            "build", "Consumer.csproj", "-c", "Release");
        Assert.True(build.Succeeded, "The consumer project did not build:\n" + build.Tail);
        Assert.True(build.Warnings.Length == 0, "The consumer project's build warned:\n" + build.Warnings);
        // Restore took the SDK from the packed folder into the consumer's own package cache, at the packed version.
        Assert.True(Directory.Exists(Path.Combine(packagesCache, "kazoo.storage", version)), "Kazoo.Storage was not restored from the packed folder.");
        Assert.True(Directory.Exists(Path.Combine(packagesCache, "kazoo.storage.testing", version)), "Kazoo.Storage.Testing was not restored from the packed folder.");

        var run = await Dotnet.RunAsync(Dotnet.Host, [Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll")], consumer, null, TimeSpan.FromMinutes(1), ct);
        TestContext.Current.TestOutputHelper?.WriteLine(run.ToString());
        Assert.True(run.ExitCode == 0, run.ToString());
        var facts = run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(": ", 2))
            .GroupBy(parts => parts[0], parts => parts.Length > 1 ? parts[1] : "")
            .ToDictionary(g => g.Key, g => g.ToList());

        // (a) The client and the emulator from the packages.
        Assert.Equal(["http https://files.example.com/vm"], facts["storage backend"]);
        Assert.Equal(["0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b"], facts["storage plan handler"]);
        Assert.Equal(["True"], facts["storage signed"]);

        // (b) The generator from the package turned the consumer's schema into a record, converter and validator.
        Assert.Equal(["""{"color":"red","name":"sprocket","password":"hunter2-secret","size":3}"""], facts["widget json"]);
        Assert.Equal(["True"], facts["widget round trip"]);
        Assert.Equal(["True"], facts["widget valid"]);
        Assert.Contains("sprocket", Assert.Single(facts["widget text"]));
        Assert.DoesNotContain("hunter2-secret", Assert.Single(facts["widget text"]));
        Assert.Equal(["color enum", "name minLength", "size minimum"], facts["widget error"].Order(StringComparer.Ordinal));
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
    private void WriteIsolation(string consumer, string packagesCache, string version, IReadOnlyList<string> feeds)
    {
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
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <KazooStorageVersion>{version}</KazooStorageVersion>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
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

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
