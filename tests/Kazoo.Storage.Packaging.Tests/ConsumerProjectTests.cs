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
    /// <summary>The handler packages the consumer references and registers with DI (its Program.cs, part c).</summary>
    private static readonly string[] s_handlerPackages = ["Kazoo.Storage.Azure", "Kazoo.Storage.GoogleStorage", "Kazoo.Storage.Dropbox", "Kazoo.Storage.OneDrive"];

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
        foreach (var id in s_handlerPackages)
        {
            Assert.True(Directory.Exists(Path.Combine(packagesCache, id.ToLowerInvariant(), version)), $"{id} was not restored from the packed folder.");
        }

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

        // (b) The generator from the package turned the consumer's schema into a record (named by its TypeName metadata,
        // or Program.cs would not compile), converter and validator.
        Assert.Equal(["""{"color":"red","name":"sprocket","password":"hunter2-secret","size":3}"""], facts["widget json"]);
        Assert.Equal(["True"], facts["widget round trip"]);
        Assert.Equal(["True"], facts["widget valid"]);
        Assert.Contains("sprocket", Assert.Single(facts["widget text"]));
        Assert.DoesNotContain("hunter2-secret", Assert.Single(facts["widget text"]));
        Assert.Equal(["color enum", "name minLength", "size minimum"], facts["widget error"].Order(StringComparer.Ordinal));
        // (b') A GenerateTypes="false" schema: validated through the entry point, no type generated.
        Assert.Equal(["False"], facts["gadget type"]);
        Assert.Equal(["True"], facts["gadget valid"]);
        Assert.Equal(["serial pattern"], facts["gadget error"]);

        // (c) Each handler package's AddKazoo…AttachmentHandler registered a handler the store finds by kind (with the
        // core's http), and the store located a voicemail with the package's handler under Kazoo's object name.
        Assert.Equal(["azure dropbox google_storage http onedrive"], facts["store kinds"]);
        Assert.Equal(
            [
                "azure Kazoo.Storage.Azure.AzureAttachmentHandler 202401-0f1e2d3c4b5a69788796a5b4c3d2e1f0_message.mp3",
                "google_storage Kazoo.Storage.GoogleStorage.GoogleStorageAttachmentHandler 202401-0f1e2d3c4b5a69788796a5b4c3d2e1f0_message.mp3",
                "dropbox Kazoo.Storage.Dropbox.DropboxAttachmentHandler kazoo/202401-0f1e2d3c4b5a69788796a5b4c3d2e1f0_message.mp3",
                "onedrive Kazoo.Storage.OneDrive.OneDriveAttachmentHandler kazoo/202401-0f1e2d3c4b5a69788796a5b4c3d2e1f0_message.mp3",
            ],
            facts["placement"]);
    }
}
