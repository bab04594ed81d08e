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
        ConsumerProject.Copy(Path.Combine(AppContext.BaseDirectory, "ConsumerApp"), consumer);
        var packagesCache = await ConsumerProject.IsolateAsync(consumer, fixture, "consumer-packages", ct);

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
}
