using System.Text.Json;
using System.Text.RegularExpressions;
using Kazoo.Storage.Packaging.Tests.Infrastructure;

namespace Kazoo.Storage.Packaging.Tests;

[Collection(nameof(PackagesCollection))]
public sealed partial class PackageLayoutTests(PackagesFixture fixture)
{
    /// <summary>The attachment handler packages: one per backend kind outside the core (whose <c>http</c> handler it carries).</summary>
    private static readonly string[] s_handlerPackages =
        ["Kazoo.Storage.S3", "Kazoo.Storage.GoogleDrive", "Kazoo.Storage.Azure", "Kazoo.Storage.GoogleStorage", "Kazoo.Storage.Dropbox", "Kazoo.Storage.OneDrive"];

    /// <summary>The handler packages, as theory data.</summary>
    public static TheoryData<string> HandlerPackages() => [.. s_handlerPackages];

    [Fact]
    public void Packing_the_solution_is_warning_free()
    {
        Assert.True(fixture.Pack.Warnings.Length == 0, "dotnet pack warned:\n" + fixture.Pack.Warnings);
        Assert.DoesNotContain("is missing a readme", fixture.Pack.Log, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_library_and_tool_project_is_packed()
    {
        var expected = PackableProjects().ToList();
        Assert.Contains("Kazoo.Storage", expected);
        Assert.Contains("Kazoo.Storage.Testing", expected);
        foreach (var handler in s_handlerPackages)
        {
            Assert.Contains(handler, expected);
        }

        foreach (var id in expected)
        {
            Assert.True(fixture.Packages.ContainsKey(id), $"No package {id} was packed: is its project in Sdk.sln? Packed: {string.Join(", ", fixture.Packages.Keys)}");
        }
    }

    [Fact]
    public void Kazoo_Storage_carries_the_generator_with_its_dependencies_and_build_files()
    {
        var package = fixture.Packages["Kazoo.Storage"];
        var analyzers = package.Files.Where(f => f.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal)).Select(Path.GetFileName).ToList();

        Assert.Contains("Kazoo.Storage.Generator.dll", analyzers);
        Assert.Contains("Newtonsoft.Json.dll", analyzers);
        // The generator reads schemas itself; nothing else rides along into the compiler.
        Assert.Equal(2, analyzers.Count(f => f!.EndsWith(".dll", StringComparison.Ordinal)));
        // The compiler provides Roslyn; a second copy would fail to load or shadow the host's.
        Assert.DoesNotContain(analyzers, f => f!.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal));
        Assert.Contains("build/Kazoo.Storage.props", package.Files);
        Assert.Contains("build/Kazoo.Storage.targets", package.Files);
        Assert.Contains("lib/net10.0/Kazoo.Storage.dll", package.Files);
        Assert.Contains("lib/net10.0/Kazoo.Storage.xml", package.Files);
        // The generator runs inside the compiler of the consumer; it is no package of its own.
        Assert.DoesNotContain(package.Dependencies, d => d.Id.StartsWith("Kazoo.Storage.Generator", StringComparison.Ordinal));
    }

    [Fact]
    public void Kazoo_Storage_ships_its_build_files_for_transitive_references_too()
    {
        // A project that references Kazoo.Storage only through another package (or project) gets buildTransitive/, never
        // build/: without it, its <KazooSchema> items would be ignored and no types generated.
        var package = fixture.Packages["Kazoo.Storage"];

        foreach (var extension in new[] { "props", "targets" })
        {
            var transitive = $"buildTransitive/Kazoo.Storage.{extension}";
            Assert.Contains(transitive, package.Files);
            Assert.Equal(package.ReadEntry($"build/Kazoo.Storage.{extension}"), package.ReadEntry(transitive));
        }
    }

    [Fact]
    public void Every_package_has_a_readme_license_repository_and_description()
    {
        Assert.NotEmpty(fixture.Packages);
        foreach (var package in fixture.Packages.Values)
        {
            Assert.Equal("README.md", package.Value("readme"));
            Assert.Contains("README.md", package.Files);

            var license = package.Element("license");
            Assert.NotNull(license);
            Assert.Equal("expression", (string?)license.Attribute("type"));
            Assert.Equal("MIT", license.Value);

            var repository = package.Element("repository");
            Assert.NotNull(repository);
            Assert.Equal("git", (string?)repository.Attribute("type"));
            Assert.Equal(Repository.Url, (string?)repository.Attribute("url"));
            Assert.Matches(CommitId(), (string?)repository.Attribute("commit") ?? "");
            Assert.Equal(Repository.Url, package.Value("projectUrl"));

            Assert.False(string.IsNullOrWhiteSpace(package.Value("description")), $"{package} has no description.");
            Assert.False(string.IsNullOrWhiteSpace(package.Value("authors")), $"{package} has no authors.");
            Assert.Contains("kazoo", (package.Value("tags") ?? "").Split(' '));
        }
    }

    [Fact]
    public void All_packages_share_one_version_and_depend_on_each_other_at_it()
    {
        var version = fixture.Packages["Kazoo.Storage"].Version;
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", version);
        foreach (var package in fixture.Packages.Values)
        {
            Assert.Equal(version, package.Version);
            foreach (var (id, dependencyVersion) in package.Dependencies.Where(d => d.Id.StartsWith("Kazoo.", StringComparison.Ordinal)))
            {
                Assert.True(fixture.Packages.ContainsKey(id), $"{package} depends on {id}, which is not among the packages.");
                Assert.Equal(version, dependencyVersion);
            }
        }

        Assert.Contains(("Kazoo.Storage", version), fixture.Packages["Kazoo.Storage.Testing"].Dependencies);
        foreach (var handler in s_handlerPackages)
        {
            Assert.Contains(("Kazoo.Storage", version), fixture.Packages[handler].Dependencies);
        }
    }

    [Theory]
    [MemberData(nameof(HandlerPackages))]
    public void A_handler_package_carries_its_assembly_with_docs_and_depends_on_no_Kazoo_package_but_the_core(string id)
    {
        var package = fixture.Packages[id];

        Assert.Contains($"lib/net10.0/{id}.dll", package.Files);
        Assert.Contains($"lib/net10.0/{id}.xml", package.Files);
        // The handler's own code only: the core and the Microsoft.Extensions packages come as dependencies, not copies.
        Assert.Equal([$"{id}.dll"], package.Files.Where(f => f.EndsWith(".dll", StringComparison.Ordinal)).Select(Path.GetFileName));
        Assert.Equal(["Kazoo.Storage"], package.Dependencies.Select(d => d.Id).Where(d => d.StartsWith("Kazoo.", StringComparison.Ordinal)));
        Assert.Contains("attachments", (package.Value("tags") ?? "").Split(' '));
    }

    [Fact]
    public void Every_package_has_symbols_whose_SourceLink_points_at_the_commit_in_the_repository()
    {
        foreach (var package in fixture.Packages.Values)
        {
            Assert.True(fixture.SymbolPackages.TryGetValue(package.Id, out var symbols), $"{package} has no .snupkg.");
            var commit = (string)package.Element("repository")!.Attribute("commit")!;
            var expected = $"https://raw.githubusercontent.com/{Repository.Url["https://github.com/".Length..]}/{commit}/*";

            // Every assembly of our own in the package has its PDB in the symbol package.
            var ownAssemblies = package.Files
                .Where(f => (f.StartsWith("lib/", StringComparison.Ordinal) || f.StartsWith("tools/", StringComparison.Ordinal))
                    && Path.GetFileName(f).StartsWith("Kazoo.Storage", StringComparison.Ordinal) && f.EndsWith(".dll", StringComparison.Ordinal))
                .ToList();
            Assert.NotEmpty(ownAssemblies);
            foreach (var assembly in ownAssemblies)
            {
                var pdbPath = Path.ChangeExtension(assembly, ".pdb");
                Assert.True(symbols.Files.Contains(pdbPath), $"{symbols} lacks {pdbPath}.");
                var pdb = PortablePdb.Read(symbols.ReadEntry(pdbPath));

                Assert.True(pdb.SourceLink is not null, $"{pdbPath} in {symbols} has no SourceLink.");
                using var map = JsonDocument.Parse(pdb.SourceLink);
                var targets = map.RootElement.GetProperty("documents").EnumerateObject().Select(p => p.Value.GetString()).ToList();
                Assert.Contains(expected, targets);

                // ContinuousIntegrationBuild maps the build machine's paths away: the PDB names no local folder.
                Assert.NotEmpty(pdb.Documents);
                Assert.All(pdb.Documents, d => Assert.DoesNotContain(Repository.Root, d, StringComparison.Ordinal));
            }
        }
    }

    /// <summary>The package ids the repository's projects should produce: every project under sdk/, and every tool or
    /// explicitly packable project under samples/.</summary>
    private static IEnumerable<string> PackableProjects()
    {
        foreach (var project in Directory.GetFiles(Path.Combine(Repository.Root, "sdk"), "*.csproj", SearchOption.AllDirectories))
        {
            yield return PackageId(project);
        }

        foreach (var project in Directory.GetFiles(Path.Combine(Repository.Root, "samples"), "*.csproj", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(project);
            if (text.Contains("<PackAsTool>true</PackAsTool>", StringComparison.Ordinal) || text.Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal))
            {
                yield return PackageId(project);
            }
        }
    }

    private static string PackageId(string project) =>
        PackageIdElement().Match(File.ReadAllText(project)) is { Success: true } match
            ? match.Groups[1].Value.Trim()
            : Path.GetFileNameWithoutExtension(project);

    [GeneratedRegex("<PackageId>([^<]+)</PackageId>")]
    private static partial Regex PackageIdElement();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex CommitId();
}
