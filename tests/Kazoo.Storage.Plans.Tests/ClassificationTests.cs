using Kazoo.Storage.Attachments;
using Kazoo.Storage.Plans;

namespace Kazoo.Storage.Plans.Tests;

public sealed class ClassificationTests
{
    private const string Id = "4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b";
    private const string Rest = "3e2b1a0d4e5f8a7b6c5d4e3f2a1b";

    // database, class name, account id (or null), reads the account's storage documents, plan section
    public static TheoryData<string, string, string?, bool, string> Names => new()
    {
        // accounts in each encoding
        { $"account%2F4c%2F9f%2F{Rest}", "account", Id, true, "account" },
        { $"account/4c/9f/{Rest}", "account", Id, true, "account" },
        { Id, "account", Id, true, "account" },
        { $"account%2f4c%2f9f%2f{Rest}", "account", Id, false, "account" },
        // the account patterns check lengths only: a 32-byte name is an account, a malformed 38-byte tail is an account Kazoo cannot decode
        { "abcdefghijklmnopqrstuvwxyz012345", "account", "abcdefghijklmnopqrstuvwxyz012345", true, "account" },
        { $"account%2F4c_9f_{Rest}xxxx", "account", null, false, "account" },
        // MODB
        { $"account%2F4c%2F9f%2F{Rest}-202401", "modb", Id, true, "modb" },
        { $"account/4c/9f/{Rest}-202401", "modb", Id, true, "modb" },
        { $"{Id}-202401", "modb", Id, true, "modb" },
        { $"account%2f4c%2f9f%2f{Rest}-202401", "modb", Id, false, "modb" },
        // YODB
        { $"account%2F4c%2F9f%2F{Rest}-2024", "yodb", Id, true, "yodb" },
        { $"account/4c/9f/{Rest}-2024", "yodb", Id, true, "yodb" },
        { $"{Id}-2024", "yodb", Id, true, "yodb" },
        { $"account%2f4c%2f9f%2f{Rest}-2024", "yodb", Id, false, "yodb" },
        // resource selectors never see the account's documents (correction 7)
        { $"account%2F4c%2F9f%2F{Rest}-selectors", "resource_selectors", Id, false, "account" },
        { $"account/4c/9f/{Rest}-selectors", "resource_selectors", Id, false, "account" },
        { $"{Id}-selectors", "resource_selectors", Id, false, "account" },
        { $"account%2f4c%2f9f%2f{Rest}-selectors", "resource_selectors", Id, false, "account" },
        // provisioner
        { $"account%2F4c%2F9f%2F{Rest}-provisioner", "provisioner", null, false, "system" },
        { $"account/4c/9f/{Rest}-provisioner", "provisioner", null, false, "system" },
        // aggregates
        { "accounts", "aggregate", null, false, "aggregate" },
        { "token_auth", "aggregate", null, false, "aggregate" },
        { "sip_auth", "aggregate", null, false, "aggregate" },
        { "faxes", "aggregate", null, false, "aggregate" },
        { "acdc", "aggregate", null, false, "aggregate" },
        { "services", "aggregate", null, false, "aggregate" },
        { "port_requests", "aggregate", null, false, "aggregate" },
        { "webhooks", "aggregate", null, false, "aggregate" },
        { "functions", "aggregate", null, false, "aggregate" },
        // numbers
        { "numbers%2F%2B1415", "numbers", null, false, "system" },
        { "numbers%2f%2b1415", "numbers", null, false, "system" },
        { "numbers/+1415", "numbers", null, false, "system" },
        // system
        { "system_config", "system", null, false, "system" },
        { "system_data", "system", null, false, "system" },
        { "system_media", "system", null, false, "system" },
        { "system_auth", "system", null, false, "system" },
        { "system_schemas", "system", null, false, "system" },
        { "oauth", "system", null, false, "system" },
        { "alerts", "system", null, false, "system" },
        { "offnet", "system", null, false, "system" },
        { "anonymous_cdrs", "system", null, false, "system" },
        { "dedicated_ips", "system", null, false, "system" },
        { "tasks", "system", null, false, "system" },
        { "pending_notifications", "system", null, false, "system" },
        { "cccps", "system", null, false, "system" },
        // the rest
        { "ratedeck", "ratedeck", null, false, "system" },
        { "ratedeck%2Fcustom", "ratedeck", null, false, "system" },
        { "ratedeck/custom", "ratedeck", null, false, "system" },
        { "_users", "external", null, false, "system" },
        { "_replicator", "external", null, false, "system" },
        { "_global_changes", "external", null, false, "system" },
        { "sms", "deprecated", null, false, "system" },
        { "crossbar%2Fsessions", "deprecated", null, false, "system" },
        { "signups", "unknown", null, false, "system" },
        { "my_custom_db", "unknown", null, false, "system" },
        { "Accounts", "unknown", null, false, "system" },
        { $"ACCOUNT%2F4c%2F9f%2F{Rest}", "unknown", null, false, "system" },
        { $"account%2F4c%2F9f%2F{Rest}-20240", "unknown", null, false, "system" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Classifies_as_Kazoo_does(string database, string name, string? accountId, bool readsAccountStorage, string section)
    {
        var classification = KazooDatabaseName.Classify(database);

        Assert.Equal(database, classification.Database);
        Assert.Equal(name, classification.Name);
        Assert.Equal(accountId, classification.AccountId);
        Assert.Equal(readsAccountStorage, classification.ReadsAccountStorage);
        Assert.Equal(section, classification.PlanSection);
    }

    [Fact]
    public void The_database_name_builders_produce_names_of_the_right_class()
    {
        Assert.Equal(DatabaseKind.Account, KazooDatabaseName.Classify(KazooDatabaseName.Account(Id)).Kind);
        Assert.Equal(DatabaseKind.Account, KazooDatabaseName.Classify(KazooDatabaseName.AccountUnencoded(Id)).Kind);
        Assert.Equal(DatabaseKind.Modb, KazooDatabaseName.Classify(KazooDatabaseName.Modb(Id, 2024, 1)).Kind);
        Assert.Equal(DatabaseKind.Yodb, KazooDatabaseName.Classify(KazooDatabaseName.Yodb(Id, 2024)).Kind);
        Assert.Equal(DatabaseKind.ResourceSelectors, KazooDatabaseName.Classify(KazooDatabaseName.ResourceSelectors(Id)).Kind);
        Assert.Equal($"account/4c/9f/{Rest}", KazooDatabaseName.AccountUnencoded(Id));
        Assert.Throws<ArgumentOutOfRangeException>(() => KazooDatabaseName.Yodb(Id, 10000));
        Assert.Throws<ArgumentOutOfRangeException>(() => KazooDatabaseName.Modb(Id, 2024, 13));
    }

    [Fact]
    public void Every_kind_has_a_kazoo_name()
    {
        var names = Enum.GetValues<DatabaseKind>().Select(DatabaseClassification.NameOf).ToArray();

        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.Equal("resource_selectors", DatabaseClassification.NameOf(DatabaseKind.ResourceSelectors));
    }
}
