using Kazoo.Storage.Plans;
using static Kazoo.Storage.Plans.Tests.Fixtures;

namespace Kazoo.Storage.Plans.Tests;

/// <summary>
/// One resolution case: the documents (by fixture name), the query, and the expected parts of
/// <see cref="StorageTarget.ToJson"/> (secrets revealed). An expected key is a member of that JSON, or
/// <c>effective_settings.&lt;name&gt;</c>; a key ending in <c>~</c> means "the string (or one string of the array) contains".
/// </summary>
internal sealed record ResolutionCase(string[] Documents, string Database, string? Type, string? Owner, string Expected)
{
    public StorageQuery Query => new(Database) { DocumentType = Type, OwnerId = Owner };
}

internal static class ResolutionCases
{
    private static ResolutionCase Case(string[] documents, string database, string? type, string? owner, string expected) =>
        new(documents, database, type, owner, expected);

    private static string[] None => [];

    public static readonly IReadOnlyDictionary<string, ResolutionCase> All = new Dictionary<string, ResolutionCase>
    {
        // ---- built-in default only (§1) ----
        ["default: modb voicemail stays in CouchDB on local"] = Case(None, Modb, "mailbox_message", null, """
            { "classification": "modb", "target": "couchdb", "plan": "system", "plan_section": "modb", "type_key": "mailbox_message",
              "connection": "local", "attachment_handler_id": null, "stub": null, "effective_settings": null, "account_id": "4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b" }
            """),
        ["default: account database-level lookup is local, no other connections"] = Case(None, AccountDb, null, null, """
            { "classification": "account", "target": "couchdb", "plan_section": "account", "type_key": null, "connection": "local", "other_connections": [] }
            """),
        ["default: yodb has its own built-in section (correction 6)"] = Case(None, Yodb, "cdr", null, """
            { "classification": "yodb", "target": "couchdb", "plan_section": "yodb", "type_key": "cdr", "connection": "local" }
            """),
        ["default: aggregate without plan.aggregate falls back to plan.system keyed by db name"] = Case(None, "accounts", "account", null, """
            { "classification": "aggregate", "target": "couchdb", "plan": "system", "plan_section": "system", "type_key": "accounts", "notes~": "falls back" }
            """),
        ["default: resource selectors resolve in plan.account"] = Case(None, Selectors, "resource_selector", null, """
            { "classification": "resource_selectors", "plan_section": "account", "target": "couchdb", "connection": "local" }
            """),

        // ---- always-local databases (§8.4, correction 5) ----
        ["system_config is always local, even when plan.system routes it"] = Case(["sys"], "system_config", null, null, """
            { "classification": "system", "target": "couchdb", "plan": "none", "plan_section": null, "connection": "local", "attachment_handler_id": null }
            """),
        ["system_data is always local"] = Case(["sys"], "system_data", "storage", null, """
            { "classification": "system", "target": "couchdb", "plan": "none", "connection": "local" }
            """),
        ["services without plan.aggregate is pinned to local"] = Case(["sys"], "services", null, null, """
            { "classification": "aggregate", "target": "couchdb", "plan": "none", "connection": "local", "notes~": "plan.aggregate" }
            """),
        ["services with plan.aggregate uses it (correction 5)"] = Case(["sys-aggregate"], "services", null, null, """
            { "classification": "aggregate", "target": "couchdb", "plan": "system", "plan_section": "aggregate", "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0" }
            """),

        // ---- aggregate (§8.4, correction 8) ----
        ["aggregate: plan.aggregate without types gives no target (type lookup)"] = Case(["sys-aggregate-no-types"], "accounts", "account", null, """
            { "target": "none", "connection": null, "plan_section": "aggregate", "reason~": "'types'" }
            """),
        ["aggregate: plan.aggregate without types gives no target (database lookup)"] = Case(["sys-aggregate-no-types"], "webhooks", null, null, """
            { "target": "none", "reason~": "types" }
            """),
        ["aggregate: services with plan.aggregate without types gives no target"] = Case(["sys-aggregate-no-types"], "services", null, null, """
            { "target": "none", "plan_section": "aggregate" }
            """),
        ["aggregate: type rule in plan.aggregate.types"] = Case(["sys-aggregate"], "functions", "function", null, """
            { "target": "external", "plan_section": "aggregate", "type_key": "function", "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0",
              "attachment_handler_id": "5353535353535353535353535353535a", "attachment_handler_kind": "s3", "stub": false }
            """),
        ["aggregate: database.names lists the database name"] = Case(["sys-aggregate"], "webhooks", null, null, """
            { "target": "couchdb", "plan_section": "aggregate", "type_key": null, "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0" }
            """),
        ["aggregate: database.names without the database name falls back to plan.system keyed by it (database lookup)"] = Case(["sys-aggregate"], "sip_auth", null, null, """
            { "target": "external", "plan": "system", "plan_section": "system", "type_key": "sip_auth", "connection": "local",
              "attachment_handler_id": "5353535353535353535353535353535a", "effective_settings.folder_path": "sip_auth",
              "notes~": "plan.aggregate.database.names does not list 'sip_auth'; Kazoo falls back to plan.system" }
            """),
        ["aggregate: without plan.aggregate a database lookup falls back to plan.system keyed by the database name"] = Case(["sys"], "accounts", null, null, """
            { "target": "couchdb", "plan": "system", "plan_section": "system", "type_key": "accounts", "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0",
              "notes~": "no plan.aggregate; Kazoo falls back" }
            """),
        ["aggregate: services that plan.aggregate.database.names leaves out stays on local"] = Case(["sys-aggregate-webhooks-only"], "services", null, null, """
            { "target": "couchdb", "plan": "none", "plan_section": null, "connection": "local", "notes~": "does not list 'services'" }
            """),
        ["aggregate: database.names is not consulted for a type lookup"] = Case(["sys-aggregate"], "sip_auth", "device", null, """
            { "target": "couchdb", "plan_section": "aggregate", "type_key": "device", "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0" }
            """),
        ["aggregate fallback reads plan.system.types by the database name"] = Case(["sys"], "accounts", "account", null, """
            { "target": "couchdb", "plan_section": "system", "type_key": "accounts", "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0" }
            """),

        // ---- system-class databases ----
        ["system_media: plan.system keyed by db name, params folder_path over settings"] = Case(["sys"], "system_media", "media", null, """
            { "classification": "system", "target": "external", "type_key": "system_media", "attachment_handler_kind": "s3",
              "effective_settings.folder_path": "media", "effective_settings.bucket": "kazoo-system", "effective_settings.region": "eu-west-1",
              "notes~": "not by the document type" }
            """),
        ["numbers database uses the type key 'numbers'"] = Case(["sys"], "numbers%2F%2B1415", null, null, """
            { "classification": "numbers", "target": "couchdb", "type_key": "numbers", "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0" }
            """),
        ["ratedeck uses plan.system.types.ratedeck"] = Case(["sys"], "ratedeck", null, null, """
            { "classification": "ratedeck", "type_key": "ratedeck", "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0" }
            """),
        ["unknown database without a rule is local"] = Case(["sys"], "my_custom_db", null, null, """
            { "classification": "unknown", "target": "couchdb", "plan_section": "system", "type_key": "my_custom_db", "connection": "local" }
            """),

        // ---- account, MODB: precedence and case A (§8.3, §8.4) ----
        ["modb voicemail: class handler, type params replace class params wholesale"] = Case(["sys", "acc"], Modb, "mailbox_message", null, """
            { "target": "external", "plan": "account", "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3", "attachment_handler_kind": "s3",
              "effective_settings": { "bucket": "vm-bucket", "key": "testkey2", "secret": "testsecret2", "folder_path": "voicemail" }, "stub": false,
              "notes~": "plan.modb.attachments (the type has none)" }
            """),
        ["modb fax: type handler and stub, class params kept"] = Case(["sys", "acc"], Modb, "fax", null, """
            { "target": "stub", "stub": true, "attachment_handler_id": "9d9d9d9d9d9d9d9d9d9d9d9d9d9d9d9d", "attachment_handler_kind": "google_drive",
              "effective_settings": { "oauth_doc_id": "0123456789abcdef0123456789abcdef", "folder_path": "modb" }, "notes~": "types.fax.attachments" }
            """),
        ["modb call recording: system type handler deep-merged with account type connection"] = Case(["sys", "acc"], Modb, "call_recording", null, """
            { "target": "external", "connection": "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1", "attachment_handler_id": "68747470000000000000000000000001",
              "attachment_handler_kind": "http", "effective_settings": { "url": "https://archive.example.com/kazoo", "verb": "put", "folder_path": "modb" } }
            """),
        ["modb other type falls to the class rule"] = Case(["sys", "acc"], Modb, "cdr", null, """
            { "target": "external", "connection": "local", "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3",
              "effective_settings": { "bucket": "acct-bucket", "key": "testkey2", "secret": "testsecret2", "folder_path": "modb" } }
            """),
        ["modb explicit stub false is external"] = Case(["sys", "acc"], Modb, "stub_false", null, """
            { "target": "external", "stub": false, "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3" }
            """),
        ["modb backend kind without a schema (ftp) is kept as an unknown entry"] = Case(["sys", "acc"], Modb, "ftp_export", null, """
            { "target": "external", "attachment_handler_kind": "ftp", "effective_settings": { "url": "ftp://archive.example.com/kazoo", "folder_path": "modb" } }
            """),
        ["modb database-level: class attachments only, others from type connections"] = Case(["sys", "acc"], Modb, null, null, """
            { "target": "external", "type_key": null, "connection": "local", "other_connections": [ "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1" ],
              "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3", "effective_settings.folder_path": "modb" }
            """),
        ["class stub applies to a type that does not override it"] = Case(["acc-stub"], Modb, "mailbox_message", null, """
            { "target": "stub", "stub": true }
            """),
        ["type stub false replaces class stub true"] = Case(["acc-stub"], Modb, "call_recording", null, """
            { "target": "external", "stub": false }
            """),
        ["account media: account connection and handler"] = Case(["sys", "acc"], AccountDb, "media", null, """
            { "classification": "account", "target": "external", "plan": "account", "connection": "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1",
              "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3" }
            """),
        ["account written unencoded (account/ab/cd/...) reads the account document"] = Case(["sys", "acc"], UnencodedAccountDb, "media", null, """
            { "classification": "account", "plan": "account", "target": "external", "account_id": "4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b" }
            """),
        ["account written as the bare id reads the account document"] = Case(["sys", "acc"], AccountId, "media", null, """
            { "classification": "account", "plan": "account", "target": "external" }
            """),
        ["custom type key outside the schema works, but an unknown handler id gives no target"] = Case(["sys", "acc"], AccountDb, "custom_thing", null, """
            { "target": "none", "attachment_handler_id": "ffffffffffffffffffffffffffffffff", "connection": null,
              "reason~": "'ffffffffffffffffffffffffffffffff', but the merged attachments map has no entry with that id; Kazoo's lookup crashes" }
            """),
        ["database lookup: a class handler id no merged attachments entry has gives no target, as Kazoo crashes"] = Case(["acc-class-missing-handler"], Modb, null, null, """
            { "target": "none", "plan": "account", "type_key": null, "attachment_handler_id": "ffffffffffffffffffffffffffffffff", "connection": null,
              "reason~": "has no entry with that id; Kazoo's lookup crashes there" }
            """),
        ["a connection missing from the connections map is reported"] = Case(["sys", "acc"], AccountDb, "odd_connection", null, """
            { "target": "couchdb", "connection": "c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9", "notes~": "not in the merged connections map" }
            """),
        ["params that break the backend's schema give no target"] = Case(["acc-bad-params"], Modb, "mailbox_message", null, """
            { "target": "none", "attachment_handler_kind": "s3", "effective_settings.bucket": 42, "reason~": "do not fit its schema" }
            """),

        // ---- merge semantics across documents ----
        ["no account document: modb uses the system plan"] = Case(["sys"], Modb, "call_recording", null, """
            { "target": "external", "plan": "system", "connection": "local", "attachment_handler_id": "68747470000000000000000000000001",
              "effective_settings": { "url": "https://archive.example.com/kazoo", "verb": "put" }, "notes~": "no storage document" }
            """),
        ["a null in the account document deletes the system rule"] = Case(["sys", "acc-null-recording"], Modb, "call_recording", null, """
            { "target": "couchdb", "plan": "account", "attachment_handler_id": null }
            """),
        ["an empty object in the account document leaves the system rule"] = Case(["sys", "acc-empty-recording"], Modb, "call_recording", null, """
            { "target": "external", "attachment_handler_id": "68747470000000000000000000000001" }
            """),
        ["attachments deleted by a null in the account document make the handler unknown"] = Case(["sys", "acc-drop-attachments"], Modb, "call_recording", null, """
            { "target": "none", "attachment_handler_id": "68747470000000000000000000000001", "reason~": "no entry with that id" }
            """),
        ["a section deleted by the system document gives no target"] = Case(["sys-nulls"], Modb, "mailbox_message", null, """
            { "target": "none", "reason~": "no plan.modb" }
            """),
        ["a types object deleted by the system document gives no target"] = Case(["sys-nulls"], AccountDb, "media", null, """
            { "target": "none", "reason~": "plan.account has no 'types'" }
            """),

        // ---- owner (user) documents ----
        ["owner plan: handler and params deep-merged over the account's (params url wins)"] = Case(["sys", "acc", "own"], Modb, "mailbox_message", UserId, """
            { "target": "external", "plan": "owner", "attachment_handler_id": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "attachment_handler_kind": "http",
              "effective_settings": { "url": "https://user.example.com/vm", "verb": "post", "folder_path": "voicemail", "bucket": "vm-bucket" } }
            """),
        ["owner plan applies to the account database too"] = Case(["sys", "acc", "own"], AccountDb, "media", UserId, """
            { "plan": "owner", "attachment_handler_id": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "connection": "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1" }
            """),
        ["owner id without an owner document: account plan"] = Case(["sys", "acc"], Modb, "mailbox_message", UserId, """
            { "plan": "account", "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3" }
            """),
        ["owner id whose document is not the one given (another user's): account plan"] = Case(["sys", "acc", "own-other-user"], Modb, "mailbox_message", UserId, """
            { "plan": "account", "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3", "notes~": "has id '1a2b3c4d5e6f70811a2b3c4d5e6f7081', not '7e6d5c4b3a2918f7e6d5c4b3a2918f7e'" }
            """),
        ["owner id without a storage document and no account document: system plan"] = Case(["sys"], Modb, "mailbox_message", UserId, """
            { "plan": "system", "target": "couchdb", "connection": "local", "notes~": "Owner '7e6d5c4b3a2918f7e6d5c4b3a2918f7e' has no storage document" }
            """),
        ["owner document of another account (pvt_account_id) is not used: account plan"] = Case(["sys", "acc", "own-other-account"], Modb, "mailbox_message", UserId, """
            { "plan": "account", "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3", "notes~": "belongs to account '00000000000000000000000000000000'" }
            """),
        ["owner document of the database's account (pvt_account_id) is used"] = Case(["sys", "acc", "own-same-account"], Modb, "mailbox_message", UserId, """
            { "plan": "owner", "attachment_handler_id": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b" }
            """),
        ["owner document without an owner id: account plan"] = Case(["sys", "acc", "own"], Modb, "mailbox_message", null, """
            { "plan": "account", "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3" }
            """),
        ["owner document without an account document merges over the system plan"] = Case(["sys", "own"], Modb, "mailbox_message", UserId, """
            { "plan": "owner", "target": "external", "connection": "local", "attachment_handler_id": "0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b",
              "effective_settings": { "url": "https://user.example.com/vm", "verb": "post" } }
            """),
        ["owner is ignored for system databases"] = Case(["sys", "acc", "own"], "system_media", null, UserId, """
            { "plan": "system", "attachment_handler_id": "5353535353535353535353535353535a" }
            """),
        ["owner is ignored for resource selectors"] = Case(["sys", "acc", "own"], Selectors, "media", UserId, """
            { "plan": "system", "target": "couchdb", "connection": "local" }
            """),
        ["aggregate with an owner id: the owner document is not merged, plan.aggregate applies"] = Case(["sys-aggregate", "acc", "own-aggregate"], "functions", "function", UserId, """
            { "target": "external", "plan": "system", "plan_section": "aggregate", "type_key": "function", "attachment_handler_id": "5353535353535353535353535353535a" }
            """),
        ["aggregate without an owner id: the same plan.aggregate rule"] = Case(["sys-aggregate", "acc", "own-aggregate"], "functions", "function", null, """
            { "target": "external", "plan": "system", "plan_section": "aggregate", "type_key": "function", "attachment_handler_id": "5353535353535353535353535353535a" }
            """),
        ["aggregate database lookup with an owner id: plan.aggregate of the system plan"] = Case(["sys-aggregate", "own-aggregate"], "webhooks", null, UserId, """
            { "target": "couchdb", "plan": "system", "plan_section": "aggregate", "type_key": null, "connection": "c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0" }
            """),

        // ---- names Kazoo cannot map back to the account (correction 7) ----
        ["lowercase %2f modb resolves with the system plan"] = Case(["sys", "acc"], LowerModb, "mailbox_message", null, """
            { "classification": "modb", "plan": "system", "target": "couchdb", "connection": "local", "notes~": "lowercase %2f" }
            """),
        ["lowercase %2f modb call recording follows the system rule"] = Case(["sys", "acc"], LowerModb, "call_recording", null, """
            { "plan": "system", "target": "external", "attachment_handler_id": "68747470000000000000000000000001" }
            """),
        ["selectors database with an account document still uses the system plan"] = Case(["sys", "acc"], Selectors, "media", null, """
            { "classification": "resource_selectors", "plan": "system", "plan_section": "account", "target": "couchdb", "notes~": "selectors" }
            """),

        // ---- yodb (correction 6) ----
        ["yodb ignores the modb rules of the account"] = Case(["sys", "acc"], Yodb, "mailbox_message", null, """
            { "classification": "yodb", "plan": "account", "plan_section": "yodb", "target": "couchdb", "connection": "local" }
            """),
        ["yodb section from a document's extension data is honoured"] = Case(["acc-yodb"], Yodb, "cdr", null, """
            { "plan_section": "yodb", "target": "external", "attachment_handler_id": "a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3a3" }
            """),

        // ---- database.names (case B) ----
        ["database.names lists the account id: the plan applies"] = Case(["sys", "acc"], AccountDb, null, null, """
            { "target": "couchdb", "type_key": null, "connection": "c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1c1", "other_connections": [ "c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9c9" ] }
            """),
        ["modb database-level lookup is not limited by plan.account.database.names"] = Case(["sys"], Modb, null, null, """
            { "target": "couchdb", "plan_section": "modb", "connection": "local" }
            """),
        ["database.names without the account id: no target"] = Case(["acc-names-other"], AccountDb, null, null, """
            { "target": "none", "reason~": "does not list '4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b'" }
            """),
        ["database.names is not consulted for a type lookup"] = Case(["acc-names-other"], AccountDb, "media", null, """
            { "target": "couchdb", "connection": "local" }
            """),
        ["database.names compares the undecodable lowercase name itself"] = Case(["sys"], LowerAccountDb, null, null, """
            { "target": "none", "reason~": "does not list 'account%2f4c%2f9f%2f3e2b1a0d4e5f8a7b6c5d4e3f2a1b'" }
            """),
        ["database.names compares '{id}-selectors' for a selectors database"] = Case(["sys"], Selectors, null, null, """
            { "target": "none", "reason~": "does not list '4c9f3e2b1a0d4e5f8a7b6c5d4e3f2a1b-selectors'" }
            """),
    };
}
