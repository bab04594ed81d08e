using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Client.Tests.Integration;

public sealed class HostingTests
{
    [Fact]
    public async Task A_client_from_configuration_works_against_crossbar_and_logs_request_ids_but_no_secrets()
    {
        await using var crossbar = await Emulator.StartAsync();
        Emulator.CountHttpProbes(crossbar);
        var account = crossbar.AddAccount("acme");
        crossbar.AddUser(account.Id, "alice", "s3cr3t-pa55", isAdmin: true);
        using var logs = new LogCapture();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kazoo:Endpoint"] = crossbar.BaseAddress.ToString(),
            ["Kazoo:Credentials:Username"] = "alice",
            ["Kazoo:Credentials:Password"] = "s3cr3t-pa55",
            ["Kazoo:Credentials:AccountName"] = "acme",
        }).Build();
        await using var provider = new ServiceCollection()
            .AddLogging(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs))
            .AddKazooStorage(configuration.GetSection("Kazoo"))
            .BuildServiceProvider();
        var client = provider.GetRequiredService<KazooStorageClient>();
        var scope = StorageScope.Account(account.Id);
        var ct = TestContext.Current.CancellationToken;

        var created = await client.CreateAsync(scope, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.S3(secret: "aws-secret-in-document")), ct);
        crossbar.ExpireAllTokens();
        var read = await client.GetAsync(scope, ct);

        Assert.Equal(account.Id, read.Value.Id);
        Assert.Contains(read.RequestId!, logs.All);
        Assert.Contains(created.RequestId!, logs.All);
        Assert.DoesNotContain("s3cr3t-pa55", logs.All);
        Assert.DoesNotContain(UserCredentials.HashOf("alice", "s3cr3t-pa55"), logs.All);
        Assert.DoesNotContain("aws-secret-in-document", logs.All);
        Assert.DoesNotContain("eyJ", logs.All);
    }
}
