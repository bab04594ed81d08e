using Kazoo.Storage.Benchmarks;
using Kazoo.Storage.Benchmarks.Validation;

namespace Kazoo.Storage.Validation.Comparison.Tests;

/// <summary>One input document and the verdict draft-04 (and so Kazoo's jesse) gives it.</summary>
/// <param name="Name">A unique, readable name (the theory's data row).</param>
/// <param name="Json">The document.</param>
/// <param name="Valid">Whether the document is valid against Kazoo's <c>storage</c> schema.</param>
/// <param name="Why">The rule that decides it.</param>
public sealed record VerdictCase(string Name, string Json, bool Valid, string Why);

/// <summary>
/// Storage documents for the verdict comparison: valid ones, and each kind of schema violation that both the generated
/// validator and JsonSchema.Net implement. None of them triggers a rule that only the SDK applies (Kazoo's
/// <c>kazoo-validation</c> extension): every plan <c>handler</c> names a key of the same document's <c>attachments</c>,
/// every type-level plan <c>connection</c> a key of its <c>connections</c>, every http <c>url</c> is https on a public
/// host name.
/// </summary>
public static class VerdictCases
{
    public const string A = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string B = "403f90f67d1b71341f2ea6426eed3d90";
    public const string C = "9a8b7c6d5e4f30211203f4e5d6c7b8a9";

    private const string S3Required = "\"bucket\":\"recordings\",\"key\":\"EXAMPLEACCESSKEYID000\",\"secret\":\"wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\"";
    private const string Couch = "{\"driver\":\"kazoo_couch\",\"settings\":{\"ip\":\"10.0.0.5\",\"port\":5984}}";

    /// <summary>Every case, by name.</summary>
    public static IReadOnlyDictionary<string, VerdictCase> All { get; } = Build().ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The case names, as theory data.</summary>
    public static TheoryData<string> Names => new(All.Keys.Order(StringComparer.Ordinal));

    private static IEnumerable<VerdictCase> Build()
    {
        // ---- valid ----
        yield return Valid("empty-document", "{}", "nothing is required at the top");
        yield return Valid("benchmark-typical", StorageDocuments.Typical(), "the benchmarks' typical document");
        yield return Valid("benchmark-large", StorageDocuments.Large(), "the benchmarks' large document (200 entries)");
        yield return Valid("s3-minimal", Entry(S3(S3Required)), "bucket, key and secret are the required settings");
        yield return Valid("s3-every-setting", Entry(S3(S3Required +
            ",\"bucket_access_method\":\"path\",\"bucket_after_host\":true,\"folder_path\":\"calls\",\"host\":\"minio.example.com\"," +
            "\"port\":9000,\"region\":\"us-east-1\",\"scheme\":\"http\"")), "every aws setting with an allowed value");
        yield return Valid("google-drive", Entry(Handler("google_drive", "\"folder_id\":\"root\",\"oauth_doc_id\":\"oauth-1\"")), "oauth_doc_id is set; its pattern is the unenforced typo 'patern'");
        yield return Valid("google-storage-app-id", Entry(Handler("google_storage", "\"oauth_app_id\":\"app-1\",\"bucket\":\"kazoo\"")), "exactly one settings branch (oauth_app_id); extra keys allowed");
        yield return Valid("google-storage-doc-id", Entry(Handler("google_storage", "\"oauth_doc_id\":\"oauth-1\"")), "exactly one settings branch (oauth_doc_id)");
        yield return Valid("azure", Entry(Handler("azure", "\"account\":\"kazoostore\",\"container\":\"attachments\",\"key\":\"c2VjcmV0\"")), "account, container and key");
        yield return Valid("onedrive", Entry(Handler("onedrive", "\"oauth_doc_id\":\"oauth-1\"")), "oauth_doc_id is set");
        yield return Valid("dropbox", Entry(Handler("dropbox", "\"oauth_doc_id\":\"x\"")), "oauth_doc_id of length 1");
        yield return Valid("http-every-setting", Entry(Handler("http",
            "\"url\":\"https://files.example.com/kazoo\",\"verb\":\"post\",\"base64_encode_data\":true,\"send_multipart\":false")), "every http setting with an allowed value");
        yield return Valid("field-list-every-shape", Entry(S3(S3Required + ",\"field_separator\":\"/\",\"folder_base_path\":\"kazoo\"," +
            "\"field_list\":[{\"arg\":\"account_id\"},{\"const\":\"-\"},{\"field\":\"owner_id\"},{\"group\":[{\"arg\":\"id\"},{\"group\":[{\"const\":\"_\"},{\"arg\":\"attachment\"}]}]}]")),
            "each field_list item has exactly one of arg/const/field/group, groups nest");
        yield return Valid("field-list-empty", Entry(S3(S3Required + ",\"field_list\":[]")), "an empty array has no item to fail");
        yield return Valid("entry-with-sig-and-name", Entry("{\"handler\":\"s3\",\"name\":\"Recordings\",\"_sig\":\"3b1f0c4d\",\"settings\":{" + S3Required + "}}"),
            "entries are not closed: _sig and other keys are allowed");
        yield return Valid("attachment-id-all-digits", Entry(S3(S3Required), "01234567890123456789012345678901"), "32 digits match ^[a-z0-9]{32}$");
        yield return Valid("connections-and-plan-connection",
            "{\"connections\":{\"" + B + "\":{\"driver\":\"kazoo_couch\",\"name\":\"archive\",\"settings\":{\"ip\":\"10.0.0.5\",\"port\":5984," +
            "\"connect_timeout\":5000,\"max_pipeline_size\":10,\"max_sessions\":64,\"connect_options\":{\"keepalive\":true}," +
            "\"credentials\":{\"username\":\"admin\",\"password\":12345},\"pool\":{\"name\":\"archive\",\"size\":10}}},\"local\":{}}," +
            "\"plan\":{\"modb\":{\"types\":{\"call_recording\":{\"connection\":\"" + B + "\"}}}}}",
            "a full couchdb connection (numeric password), a local one, and a type-level connection naming it");
        yield return Valid("connection-id-with-comma", "{\"connections\":{\"0123456789,abcdef0123456789abcdef\":" + Couch + "}}", "the connections key class [a-z,0-9] admits a comma");
        yield return Valid("connections-unanchored-local", "{\"connections\":{\"my_local_db\":{}}}", "'local' is unanchored and the value is an object");
        yield return Valid("plan-open-types-and-database",
            "{\"attachments\":{\"" + A + "\":" + S3(S3Required) + "},\"plan\":{\"system\":{\"attachments\":{\"handler\":\"" + A + "\",\"params\":{\"folder_path\":\"sys\",\"anything\":1},\"stub\":false}," +
            "\"connection\":\"anything\",\"database\":{\"create_options\":{\"q\":1},\"names\":[\"system_media\"]}," +
            "\"types\":{\"media\":{\"attachments\":{\"handler\":\"" + A + "\"}},\"voicemail_greeting\":{\"whatever\":true}}}}}",
            "types is open, params is open, a database-level connection has no rule");
        yield return Valid("couchdb-and-private-fields", "{\"_id\":\"storage\",\"_rev\":\"3-abc\",\"_deleted\":false,\"_attachments\":{},\"pvt_type\":\"storage\",\"pvt_created\":63871234567,\"id\":\"x\",\"ui_metadata\":{\"origin\":\"ui\"}}",
            "^_ allows boolean/integer/object/string, ^pvt_ boolean/integer/string");
        yield return Valid("bucket-with-astral-code-points", Entry(S3("\"bucket\":\"\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00abc\",\"key\":\"k\",\"secret\":\"s\"")),
            "3 emoji + 3 letters are 6 code points (9 UTF-16 units): minLength 6 holds");

        yield return Valid("bucket-32-astral-code-points", Entry(S3("\"bucket\":\"" + string.Concat(Enumerable.Repeat("\\ud83d\\ude00", 32)) + "\",\"key\":\"k\",\"secret\":\"s\"")),
            "32 emoji are 32 code points (64 UTF-16 units): maxLength 63 holds");
        yield return Valid("bucket-trailing-newline", Entry(S3("\"bucket\":\"recordings\\n\",\"key\":\"k\",\"secret\":\"s\"")),
            "in ^[^\\s]*$ (PCRE, as .NET) $ also matches before a final newline");
        yield return Valid("attachment-id-escaped", Entry(Handler("azure", "\"account\":\"a\",\"container\":\"c\",\"key\":\"k\""), "\\u0030f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b"),
            "a \\u-escaped key is matched unescaped");
        yield return Valid("handler-member-escaped", Entry("{\"h\\u0061ndler\":\"\\u0061zure\",\"settings\":{\"account\":\"a\",\"container\":\"c\",\"key\":\"k\"}}"),
            "escaped member names and values are compared unescaped");
        yield return Valid("connection-key-matching-both-patterns", "{\"connections\":{\"localaaaaaaaaaaaaaaaaaaaaaaaaaaa\":" + Couch + "}}",
            "a 32-letter key containing 'local' must satisfy both patternProperties: it does");
        yield return Valid("plan-open-type-non-object", "{\"plan\":{\"modb\":{\"types\":{\"custom\":5}}}}", "undescribed types are not checked");
        yield return Valid("ui-metadata-string", "{\"ui_metadata\":\"x\"}", "Kazoo master's storage.json declares no ui_metadata, and the root takes any other key");
        yield return Valid("field-list-empty-group", Entry(S3(S3Required + ",\"field_list\":[{\"group\":[]}]")), "an empty group has no item to fail");

        // ---- invalid: the document and its top-level members ----
        yield return Invalid("root-array", "[]", "type: the root must be an object");
        yield return Invalid("root-string", "\"storage\"", "type: the root must be an object");
        yield return Invalid("attachments-array", "{\"attachments\":[]}", "type: attachments must be an object");
        yield return Invalid("plan-string", "{\"plan\":\"default\"}", "type: plan must be an object");
        yield return Invalid("connections-array", "{\"connections\":[]}", "type: connections must be an object");
        yield return Invalid("id-number", "{\"id\":5}", "type: id must be a string");
        yield return Invalid("underscore-field-fraction", "{\"_x\":1.5}", "^_: 1.5 is none of boolean/integer/object/string (oneOf)");
        yield return Invalid("underscore-field-null", "{\"_x\":null}", "^_: null matches no oneOf branch");
        yield return Invalid("pvt-field-object", "{\"pvt_x\":{}}", "^pvt_: an object matches no oneOf branch");

        yield return Invalid("underscore-field-array", "{\"_x\":[]}", "^_: an array matches no oneOf branch");

        // ---- invalid: attachment ids (additionalProperties: false) ----
        yield return Invalid("attachment-id-hyphenated", Entry(S3(S3Required), "0f5c2c2e-7d1b-4a7e-9a3b-6c1d2e3f4a5b"), "additionalProperties: a hyphenated GUID is not ^[a-z0-9]{32}$");
        yield return Invalid("attachment-id-uppercase", Entry(S3(S3Required), "0F5C2C2E7D1B4A7E9A3B6C1D2E3F4A5B"), "additionalProperties: uppercase");
        yield return Invalid("attachment-id-31-chars", Entry(S3(S3Required), A[..31]), "additionalProperties: 31 characters");

        // ---- invalid: attachment entries (oneOf over the seven handlers) ----
        yield return Invalid("entry-string", Entry("\"s3\""), "type: an entry must be an object");
        yield return Invalid("entry-missing-handler", Entry("{\"settings\":{" + S3Required + "}}"), "required: handler (every branch requires it)");
        yield return Invalid("entry-missing-settings", Entry("{\"handler\":\"s3\"}"), "required: settings");
        yield return Invalid("handler-number", Entry("{\"handler\":5,\"settings\":{" + S3Required + "}}"), "type/enum: handler 5 matches no branch");
        yield return Invalid("handler-unknown", Entry("{\"handler\":\"ftp\",\"settings\":{\"url\":\"ftp://files.example.com\"}}"), "not_one_schema_valid: no schema has handler ftp");
        yield return Invalid("handler-wrong-case", Entry("{\"handler\":\"S3\",\"settings\":{" + S3Required + "}}"), "enum: handler values are case-sensitive");
        yield return Invalid("handler-null", Entry("{\"handler\":null,\"settings\":{}}"), "enum/type: null matches no branch");
        yield return Invalid("attachment-id-empty", "{\"attachments\":{\"\":{}}}", "additionalProperties: the empty key");
        yield return Invalid("entry-name-number", Entry("{\"handler\":\"s3\",\"name\":5,\"settings\":{" + S3Required + "}}"), "type: name must be a string");
        yield return Invalid("settings-string", Entry("{\"handler\":\"s3\",\"settings\":\"bucket=recordings\"}"), "type: settings must be an object");

        // ---- invalid: s3 settings ----
        yield return Invalid("s3-bucket-too-short", Entry(S3("\"bucket\":\"abc\",\"key\":\"k\",\"secret\":\"s\"")), "minLength 6");
        yield return Invalid("s3-bucket-too-long", Entry(S3("\"bucket\":\"" + new string('b', 64) + "\",\"key\":\"k\",\"secret\":\"s\"")), "maxLength 63");
        yield return Invalid("s3-bucket-with-space", Entry(S3("\"bucket\":\"my bucket\",\"key\":\"k\",\"secret\":\"s\"")), "pattern ^[^\\s]*$");
        yield return Invalid("s3-missing-secret", Entry(S3("\"bucket\":\"recordings\",\"key\":\"k\"")), "required: secret");
        yield return Invalid("s3-port-string", Entry(S3(S3Required + ",\"port\":\"443\"")), "type: integer (no coercion in draft-04)");
        yield return Invalid("s3-port-fraction", Entry(S3(S3Required + ",\"port\":443.5")), "type: integer");
        yield return Invalid("s3-bucket-access-method-unknown", Entry(S3(S3Required + ",\"bucket_access_method\":\"sideways\"")), "enum auto|vhost|path");
        yield return Invalid("s3-scheme-ftp", Entry(S3(S3Required + ",\"scheme\":\"ftp\"")), "enum http|https");
        yield return Invalid("s3-bucket-after-host-string", Entry(S3(S3Required + ",\"bucket_after_host\":\"yes\"")), "type: boolean");
        yield return Invalid("s3-key-too-long", Entry(S3("\"bucket\":\"recordings\",\"key\":\"" + new string('K', 129) + "\",\"secret\":\"s\"")), "maxLength 128");
        yield return Invalid("s3-secret-empty", Entry(S3("\"bucket\":\"recordings\",\"key\":\"k\",\"secret\":\"\"")), "minLength 1");
        yield return Invalid("s3-host-empty", Entry(S3(S3Required + ",\"host\":\"\"")), "minLength 1");
        yield return Invalid("s3-bucket-null", Entry(S3("\"bucket\":null,\"key\":\"k\",\"secret\":\"s\"")), "type: string");
        yield return Invalid("s3-bucket-three-astral-code-points", Entry(S3("\"bucket\":\"\\ud83d\\ude00\\ud83d\\ude00\\ud83d\\ude00\",\"key\":\"k\",\"secret\":\"s\"")),
            "minLength 6: 3 code points, although 6 UTF-16 units");
        yield return Invalid("s3-bucket-with-vertical-tab", Entry(S3("\"bucket\":\"my\\u000bbucket\",\"key\":\"k\",\"secret\":\"s\"")), "pattern: VT is \\s in PCRE and .NET");
        yield return Invalid("s3-region-with-tab", Entry(S3(S3Required + ",\"region\":\"eu\\twest\"")), "pattern: a tab is whitespace");

        // ---- invalid: the other handlers ----
        yield return Invalid("http-missing-url", Entry(Handler("http", "\"verb\":\"put\"")), "required: url");
        yield return Invalid("http-verb-get", Entry(Handler("http", "\"url\":\"https://files.example.com\",\"verb\":\"get\"")), "enum post|put");
        yield return Invalid("http-base64-string", Entry(Handler("http", "\"url\":\"https://files.example.com\",\"base64_encode_data\":\"false\"")), "type: boolean");
        yield return Invalid("http-url-number", Entry(Handler("http", "\"url\":42")), "type: string");
        yield return Invalid("dropbox-empty-oauth-doc-id", Entry(Handler("dropbox", "\"oauth_doc_id\":\"\"")), "minLength 1");
        yield return Invalid("onedrive-missing-oauth-doc-id", Entry(Handler("onedrive", "\"folder\":\"x\"")), "required: oauth_doc_id");
        yield return Invalid("google-drive-folder-id-number", Entry(Handler("google_drive", "\"oauth_doc_id\":\"o\",\"folder_id\":7")), "type: string");
        yield return Invalid("azure-missing-container", Entry(Handler("azure", "\"account\":\"kazoostore\",\"key\":\"c2VjcmV0\"")), "required: container");
        yield return Invalid("azure-key-number", Entry(Handler("azure", "\"account\":\"kazoostore\",\"container\":\"c\",\"key\":12")), "type: string");
        yield return Invalid("google-storage-both-ids", Entry(Handler("google_storage", "\"oauth_app_id\":\"app-1\",\"oauth_doc_id\":\"oauth-1\"")), "oneOf: both settings branches match");
        yield return Invalid("google-storage-neither-id", Entry(Handler("google_storage", "\"bucket\":\"kazoo\"")), "oneOf: no settings branch matches");

        // ---- invalid: object naming (settings all handlers share) ----
        yield return Invalid("field-list-empty-item", Entry(S3(S3Required + ",\"field_list\":[{}]")), "not_one_schema_valid: {} matches all four shapes");
        yield return Invalid("field-list-two-keys", Entry(S3(S3Required + ",\"field_list\":[{\"arg\":\"db\",\"const\":\"_\"}]")), "not_one_schema_valid: every shape is closed");
        yield return Invalid("field-list-arg-unknown", Entry(S3(S3Required + ",\"field_list\":[{\"arg\":\"owner\"}]")), "enum: arg is account_id|db|id|attachment");
        yield return Invalid("field-list-group-empty-item", Entry(S3(S3Required + ",\"field_list\":[{\"group\":[{\"arg\":\"db\"},{}]}]")), "the recursive item schema rejects {}");
        yield return Invalid("field-list-item-string", Entry(S3(S3Required + ",\"field_list\":[\"db\"]")), "not_one_schema_valid: every shape is an object");
        yield return Invalid("field-list-arg-null", Entry(S3(S3Required + ",\"field_list\":[{\"arg\":null}]")), "not_one_schema_valid: arg must be one of the strings");
        yield return Invalid("field-list-object", Entry(S3(S3Required + ",\"field_list\":{\"arg\":\"db\"}")), "type: array");
        yield return Invalid("field-separator-number", Entry(S3(S3Required + ",\"field_separator\":0")), "type: string");
        yield return Invalid("folder-base-path-boolean", Entry(Handler("azure", "\"account\":\"a\",\"container\":\"c\",\"key\":\"k\",\"folder_base_path\":true")), "type: string (shared settings)");

        // ---- invalid: connections ----
        yield return Invalid("couchdb-text-password", Connection("{\"driver\":\"kazoo_couch\",\"settings\":{\"ip\":\"10.0.0.5\",\"port\":5984,\"credentials\":{\"username\":\"admin\",\"password\":\"s3cret\"}}}"),
            "type: Kazoo's schema types password as integer (a schema bug kept on purpose)");
        yield return Invalid("couchdb-missing-driver", Connection("{\"settings\":{\"ip\":\"10.0.0.5\",\"port\":5984}}"), "required: driver");
        yield return Invalid("couchdb-driver-unknown", Connection("{\"driver\":\"kazoo_bigcouch\",\"settings\":{\"ip\":\"10.0.0.5\",\"port\":5984}}"), "enum kazoo_couch");
        yield return Invalid("couchdb-driver-number", Connection("{\"driver\":5,\"settings\":{\"ip\":\"10.0.0.5\",\"port\":5984}}"), "enum (driver has no type)");
        yield return Invalid("couchdb-missing-port", Connection("{\"driver\":\"kazoo_couch\",\"settings\":{\"ip\":\"10.0.0.5\"}}"), "required: port");
        yield return Invalid("couchdb-port-string", Connection("{\"driver\":\"kazoo_couch\",\"settings\":{\"ip\":\"10.0.0.5\",\"port\":\"5984\"}}"), "type: integer");
        yield return Invalid("couchdb-pool-missing-size", Connection("{\"driver\":\"kazoo_couch\",\"settings\":{\"ip\":\"h\",\"port\":1,\"pool\":{\"name\":\"p\"}}}"), "required: size");
        yield return Invalid("couchdb-keepalive-string", Connection("{\"driver\":\"kazoo_couch\",\"settings\":{\"ip\":\"h\",\"port\":1,\"connect_options\":{\"keepalive\":\"yes\"}}}"), "type: boolean");
        yield return Invalid("couchdb-driver-true", Connection("{\"driver\":true,\"settings\":{\"ip\":\"h\",\"port\":1}}"), "enum kazoo_couch");
        yield return Invalid("connection-key-matching-both-patterns-empty", "{\"connections\":{\"localaaaaaaaaaaaaaaaaaaaaaaaaaaa\":{}}}",
            "both patterns apply: {} is an object (local) but not a couchdb connection (driver, settings required)");
        yield return Invalid("connections-local-string", "{\"connections\":{\"local\":\"default\"}}", "type: local must be an object");
        yield return Invalid("connections-unanchored-local-number", "{\"connections\":{\"not_so_local\":5}}", "type: any key containing 'local' must be an object");

        // ---- invalid: plan ----
        yield return Invalid("plan-yodb", "{\"plan\":{\"yodb\":{}}}", "additionalProperties: plan knows account/aggregate/modb/system");
        yield return Invalid("plan-database-unknown-key", "{\"plan\":{\"account\":{\"attachment\":{}}}}", "additionalProperties: storage.plan.database is closed");
        yield return Invalid("plan-stub-string", "{\"plan\":{\"account\":{\"attachments\":{\"stub\":\"true\"}}}}", "type: boolean");
        yield return Invalid("plan-handler-number", "{\"plan\":{\"account\":{\"attachments\":{\"handler\":5}}}}", "type: string");
        yield return Invalid("plan-stub-number", "{\"plan\":{\"account\":{\"attachments\":{\"stub\":1}}}}", "type: 1 is not a boolean");
        yield return Invalid("plan-params-string", "{\"plan\":{\"modb\":{\"attachments\":{\"params\":\"folder\"}}}}", "type: object");
        yield return Invalid("plan-database-names-number", "{\"plan\":{\"modb\":{\"database\":{\"names\":[1]}}}}", "type: names are strings");
        yield return Invalid("plan-type-string", "{\"plan\":{\"modb\":{\"types\":{\"fax\":\"s3\"}}}}", "type: a described type is an object");
        yield return Invalid("plan-database-connection-number", "{\"plan\":{\"account\":{\"connection\":7}}}", "type: string");
        yield return Invalid("plan-type-folder-path-number", "{\"attachments\":{\"" + A + "\":" + S3(S3Required) + "},\"plan\":{\"modb\":{\"types\":{\"mailbox_message\":{\"attachments\":{\"handler\":\"" + A + "\",\"params\":{\"folder_path\":1}}}}}}}",
            "type: folder_path is a string");

        // ---- invalid: the benchmarks' invalid variants ----
        yield return Invalid("benchmark-typical-invalid", ValidationDocuments.WithShortLastBucket(StorageDocuments.Typical()), "minLength 6 on the s3 bucket");
        yield return Invalid("benchmark-large-invalid", ValidationDocuments.WithShortLastBucket(StorageDocuments.Large()), "minLength 6 on the last s3 bucket");
    }

    private static VerdictCase Valid(string name, string json, string why) => new(name, json, true, why);

    private static VerdictCase Invalid(string name, string json, string why) => new(name, json, false, why);

    private static string Entry(string entry, string id = A) => "{\"attachments\":{\"" + id + "\":" + entry + "}}";

    private static string S3(string settings) => Handler("s3", settings);

    private static string Handler(string handler, string settings) => "{\"handler\":\"" + handler + "\",\"settings\":{" + settings + "}}";

    private static string Connection(string connection) => "{\"connections\":{\"" + C + "\":" + connection + "}}";
}
