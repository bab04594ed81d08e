using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.Plans;

namespace Kazoo.Storage.Plans.Tests;

/// <summary>Ids, database names and storage documents the resolution cases are built from.</summary>
internal static class Fixtures
{
    public const string AccountId = "4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b";
    public const string OtherAccountId = "00000000000000000000000000000000";
    public const string UserId = "7e6d5c4b3a2918f7e6d5c4b3a2918f7e";
    public const string OtherUserId = "1a2b3c4d5e6f70811a2b3c4d5e6f7081";

    // attachments entry ids
    public const string SystemS3 = "5353535353535353535353535353535a";
    public const string SystemHttp = "68747470000000000000000000000001";
    public const string AccountS3 = "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3";
    public const string AccountDrive = "9d9d9d9d9d9d9d9d9d9d9d9d9d9d9d9d";
    public const string AccountFtp = "f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7f7";
    public const string UserHttp = "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b";
    public const string MissingEntry = "ffffffffffffffffffffffffffffffff";

    // connection ids
    public const string SystemCouch = "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0";
    public const string AccountCouch = "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1";
    public const string UndefinedCouch = "c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9";

    public static readonly string AccountDb = KazooDatabaseName.Account(AccountId);
    public static readonly string Modb = KazooDatabaseName.Modb(AccountId, 2024, 1);
    public static readonly string Yodb = KazooDatabaseName.Yodb(AccountId, 2024);
    public static readonly string Selectors = KazooDatabaseName.ResourceSelectors(AccountId);
    public static readonly string LowerModb = Modb.Replace("%2F", "%2f", StringComparison.Ordinal);
    public static readonly string LowerAccountDb = AccountDb.Replace("%2F", "%2f", StringComparison.Ordinal);
    public static readonly string UnencodedAccountDb = KazooDatabaseName.AccountUnencoded(AccountId);

    private static string Couch(string ip) => $$"""{ "driver": "kazoo_couch", "settings": { "ip": "{{ip}}", "port": 5984 } }""";

    // A user's document that sends the user's voicemails to the user's own HTTP backend, with extra top-level members.
    private static string VoicemailToUserHttp(string members) => $$"""
        {
          {{members}}
          "attachments": { "{{UserHttp}}": { "handler": "http", "settings": { "url": "https://user.example.com/store" } } },
          "plan": { "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{UserHttp}}" } } } } }
        }
        """;

    /// <summary>Named storage documents; a case lists the ones it uses.</summary>
    public static readonly IReadOnlyDictionary<string, string> Documents = new Dictionary<string, string>
    {
        // The system document: two backends, a connection, and rules for modb call recordings and a few system databases.
        ["sys"] = $$"""
            {
              "attachments": {
                "{{SystemS3}}": { "handler": "s3", "name": "system s3", "settings": { "bucket": "kazoo-system", "key": "testkey", "secret": "testsecret", "region": "eu-west-1" } },
                "{{SystemHttp}}": { "handler": "http", "settings": { "url": "https://archive.example.com/kazoo", "verb": "put" } }
              },
              "connections": { "{{SystemCouch}}": {{Couch("10.0.0.5")}} },
              "plan": {
                "modb": { "types": { "call_recording": { "attachments": { "handler": "{{SystemHttp}}" } } } },
                "system": {
                  "types": {
                    "system_media": { "attachments": { "handler": "{{SystemS3}}", "params": { "folder_path": "media" } } },
                    "system_config": { "connection": "{{SystemCouch}}", "attachments": { "handler": "{{SystemS3}}" } },
                    "numbers": { "connection": "{{SystemCouch}}" },
                    "ratedeck": { "connection": "{{SystemCouch}}" },
                    "accounts": { "connection": "{{SystemCouch}}" }
                  }
                },
                "account": { "database": { "names": [ "{{AccountId}}" ] } }
              }
            }
            """,

        // A system document with an aggregate section (names limited) and a type rule for functions.
        ["sys-aggregate"] = $$"""
            {
              "attachments": { "{{SystemS3}}": { "handler": "s3", "settings": { "bucket": "kazoo-system", "key": "testkey", "secret": "testsecret" } } },
              "connections": { "{{SystemCouch}}": {{Couch("10.0.0.5")}} },
              "plan": {
                "aggregate": {
                  "connection": "{{SystemCouch}}",
                  "database": { "names": [ "accounts", "webhooks", "functions", "services" ] },
                  "types": { "function": { "attachments": { "handler": "{{SystemS3}}" } } }
                },
                "system": { "types": { "sip_auth": { "attachments": { "handler": "{{SystemS3}}", "params": { "folder_path": "sip_auth" } } } } }
              }
            }
            """,

        // An aggregate section limited to webhooks (so services is not listed).
        ["sys-aggregate-webhooks-only"] = $$"""
            {
              "connections": { "{{SystemCouch}}": {{Couch("10.0.0.5")}} },
              "plan": { "aggregate": { "connection": "{{SystemCouch}}", "database": { "names": [ "webhooks" ] }, "types": {} } }
            }
            """,

        // plan.aggregate without types: the schema allows it, Kazoo's lookup fails (correction 8).
        ["sys-aggregate-no-types"] = $$"""
            {
              "connections": { "{{SystemCouch}}": {{Couch("10.0.0.5")}} },
              "plan": { "aggregate": { "connection": "{{SystemCouch}}" } }
            }
            """,

        // A system document that deletes pieces of the built-in default with nulls.
        ["sys-nulls"] = """
            { "plan": { "modb": null, "account": { "types": null } } }
            """,

        // The account document.
        ["acc"] = $$"""
            {
              "attachments": {
                "{{AccountS3}}": { "handler": "s3", "settings": { "bucket": "acct-bucket", "key": "testkey2", "secret": "testsecret2" } },
                "{{AccountDrive}}": { "handler": "google_drive", "settings": { "oauth_doc_id": "0123456789abcdef0123456789abcdef", "folder_path": "kazoo" } },
                "{{AccountFtp}}": { "handler": "ftp", "settings": { "url": "ftp://archive.example.com/kazoo" } }
              },
              "connections": { "{{AccountCouch}}": {{Couch("10.0.0.6")}} },
              "plan": {
                "modb": {
                  "attachments": { "handler": "{{AccountS3}}", "params": { "folder_path": "modb" } },
                  "types": {
                    "mailbox_message": { "attachments": { "params": { "folder_path": "voicemail", "bucket": "vm-bucket" } } },
                    "fax": { "attachments": { "handler": "{{AccountDrive}}", "stub": true } },
                    "call_recording": { "connection": "{{AccountCouch}}" },
                    "stub_false": { "attachments": { "stub": false } },
                    "ftp_export": { "attachments": { "handler": "{{AccountFtp}}" } }
                  }
                },
                "account": {
                  "connection": "{{AccountCouch}}",
                  "types": {
                    "media": { "attachments": { "handler": "{{AccountS3}}" } },
                    "custom_thing": { "attachments": { "handler": "{{MissingEntry}}" } },
                    "odd_connection": { "connection": "{{UndefinedCouch}}" }
                  }
                }
              }
            }
            """,

        // An account document that limits plan.account to another account id (database.names).
        ["acc-names-other"] = $$"""
            { "plan": { "account": { "database": { "names": [ "{{OtherAccountId}}" ] }, "types": { "media": { "connection": "local" } } } } }
            """,

        // An account document that routes the yodb section (a key the API schema does not allow, kept as extension data).
        ["acc-yodb"] = $$"""
            {
              "attachments": { "{{AccountS3}}": { "handler": "s3", "settings": { "bucket": "acct-bucket", "key": "testkey2", "secret": "testsecret2" } } },
              "plan": { "yodb": { "types": { "cdr": { "attachments": { "handler": "{{AccountS3}}" } } } } }
            }
            """,

        // A class-level handler id that no attachments entry has (only a direct database edit gets one past Crossbar).
        ["acc-class-missing-handler"] = $$"""
            { "plan": { "modb": { "attachments": { "handler": "{{MissingEntry}}" } } } }
            """,

        // Class-level stub, overridden for one type.
        ["acc-stub"] = $$"""
            {
              "attachments": { "{{AccountS3}}": { "handler": "s3", "settings": { "bucket": "acct-bucket", "key": "testkey2", "secret": "testsecret2" } } },
              "plan": { "modb": { "attachments": { "handler": "{{AccountS3}}", "stub": true }, "types": { "call_recording": { "attachments": { "stub": false } } } } }
            }
            """,

        // Nulls and empty objects in an account document.
        ["acc-null-recording"] = """
            { "plan": { "modb": { "types": { "call_recording": null } } } }
            """,
        ["acc-empty-recording"] = """
            { "plan": { "modb": { "types": { "call_recording": {} } } } }
            """,
        // A null attachments map deletes the merged map (an entry cannot be null in a typed document).
        ["acc-drop-attachments"] = """
            { "attachments": null }
            """,

        // params that break the backend's schema.
        ["acc-bad-params"] = $$"""
            {
              "attachments": { "{{AccountS3}}": { "handler": "s3", "settings": { "bucket": "acct-bucket", "key": "testkey2", "secret": "testsecret2" } } },
              "plan": { "modb": { "attachments": { "handler": "{{AccountS3}}", "params": { "bucket": 42 } } } }
            }
            """,

        // The user's (owner's) document: its own HTTP backend for voicemail, with a params url.
        ["own"] = $$"""
            {
              "attachments": { "{{UserHttp}}": { "handler": "http", "settings": { "url": "https://user.example.com/store", "verb": "post" } } },
              "plan": {
                "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{UserHttp}}", "params": { "url": "https://user.example.com/vm" } } } } },
                "account": { "types": { "media": { "attachments": { "handler": "{{UserHttp}}" } } } }
              }
            }
            """,

        // Another user's document (its id is not the owner id).
        ["own-other-user"] = VoicemailToUserHttp($$""" "id": "{{OtherUserId}}", """),

        // The owner's document, but stored for another account (Kazoo caches users' documents per pvt_account_id).
        ["own-other-account"] = VoicemailToUserHttp($$""" "id": "{{UserId}}", "pvt_account_id": "{{OtherAccountId}}", """),

        // The same, for the database's account.
        ["own-same-account"] = VoicemailToUserHttp($$""" "id": "{{UserId}}", "pvt_account_id": "{{AccountId}}", """),

        // An owner document that routes the aggregate section: never merged for aggregate databases.
        ["own-aggregate"] = $$"""
            {
              "attachments": { "{{UserHttp}}": { "handler": "http", "settings": { "url": "https://user.example.com/store" } } },
              "plan": { "aggregate": { "types": { "function": { "attachments": { "handler": "{{UserHttp}}" } } } } }
            }
            """,
    };

    public static StorageDocument Document(string name) =>
        JsonSerializer.Deserialize(Documents[name], KazooStorageJson.GetTypeInfo<StorageDocument>())
        ?? throw new InvalidOperationException(name);

    /// <summary>Inputs from document names: <c>sys…</c> is the system document, <c>acc…</c> the account's, <c>own…</c> the owner's.</summary>
    public static StoragePlanInputs Inputs(params string[] names)
    {
        var inputs = new StoragePlanInputs();
        foreach (var name in names)
        {
            inputs = name switch
            {
                _ when name.StartsWith("sys", StringComparison.Ordinal) => inputs with { System = Document(name) },
                _ when name.StartsWith("acc", StringComparison.Ordinal) => inputs with { Account = Document(name) },
                _ when name.StartsWith("own", StringComparison.Ordinal) => inputs with { Owner = Document(name) },
                _ => throw new ArgumentException(name),
            };
        }

        return inputs;
    }
}
