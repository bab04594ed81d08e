using System.Text;
using Kazoo.Storage.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>Each storage rule, failed on purpose, in both modes; paths and codes as Crossbar reports them.</summary>
public sealed class StorageValidationTests
{
    private const string Id = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";

    private static ValidationErrors Precise(string json) => Checked(json, ValidationOptions.Default);

    private static ValidationErrors Exact(string json) => Checked(json, ValidationOptions.KazooExact);

    /// <summary>Every error, after checking that the verdict-only walk (its own one-read paths) gives the same verdict.</summary>
    private static ValidationErrors Checked(string json, ValidationOptions options)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        var errors = StorageDocument.Validate(utf8, options);
        Assert.Equal(errors.IsValid, StorageDocument.Validator.IsValid(utf8, options));
        return errors;
    }

    private static string S3(string settings) => Entry("{\"handler\":\"s3\",\"settings\":{" + settings + "}}");

    private static string Entry(string entry, string id = Id) => "{\"attachments\":{\"" + id + "\":" + entry + "}}";

    [Fact]
    public void A_short_bucket_is_minLength_at_its_real_path_in_precise_mode()
    {
        var errors = Precise(S3("\"bucket\":\"abc\",\"key\":\"k\",\"secret\":\"s\""));

        var error = Assert.Single(errors);
        Assert.Equal($"attachments.{Id}.settings.bucket", error.Path);
        Assert.Equal("minLength", error.Code);
        Assert.Equal("String must be at least 6 characters", error.Message);
        Assert.Equal(6, error.Target!.Value.GetInt32());
        Assert.Equal("abc", error.Value!.Value.GetString());
    }

    [Theory]
    [InlineData("""{"_id":1.5}""")] // ^_ would allow boolean, integer, object or string
    [InlineData("""{"_rev":null,"_attachments":[],"_deleted":1e3}""")]
    [InlineData("""{"pvt_type":{},"pvt_created":[1],"pvt_vsn":null}""")] // ^pvt_: boolean, integer or string
    [InlineData("""{"\u005fid":[],"pvt\u005fx":{}}""")] // names read unescaped
    [InlineData("""{"id":"x","_id":1.5,"plan":{"modb":{}},"pvt_x":{}}""")]
    public void Top_level_private_fields_are_removed_before_validating_as_crossbar_does(string json)
    {
        Assert.True(Precise(json).IsValid);
        Assert.True(Exact(json).IsValid);

        var draft04 = new ValidationOptions { PublicFieldsOnly = false };
        Assert.False(Checked(json, draft04).IsValid);
        Assert.False(Checked(json, draft04 with { Mode = ValidationMode.KazooExact }).IsValid);
    }

    [Fact]
    public void Private_fields_are_removed_at_the_top_level_only()
    {
        Assert.True(Precise("""{"plan":{"_x":{}}}""").Contains("plan._x", "additionalProperties"));
        Assert.Equal("id", Assert.Single(Precise("""{"_id":"x","id":5,"pvt_type":"storage"}""")).Path);
        Assert.True(Precise(Entry("""{"handler":"http","_sig":{"any":"thing"},"settings":{"url":"https://files.example.com"}}""")).IsValid);
    }

    [Fact]
    public void A_storage_document_from_a_listing_with_couchdb_and_kazoo_fields_validates_as_its_public_fields()
    {
        var listed = "{\"_id\":\"" + Id + "\",\"_rev\":\"2-abc\",\"pvt_type\":\"storage_plan\",\"pvt_system_plan\":false," +
            "\"pvt_created\":63871234567.5,\"attachments\":{\"" + Id + "\":{\"handler\":\"s3\",\"settings\":{\"bucket\":\"abc\",\"key\":\"k\",\"secret\":\"s\"}}}}";

        Assert.Equal($"attachments.{Id}.settings.bucket", Assert.Single(Precise(listed)).Path); // the private fields are not what fails
    }

    [Fact]
    public void A_short_bucket_is_not_one_schema_valid_with_the_whole_entry_in_kazoo_mode()
    {
        var errors = Exact(S3("\"bucket\":\"abc\",\"key\":\"k\",\"secret\":\"s\""));

        var error = Assert.Single(errors);
        Assert.Equal($"attachments.{Id}", error.Path);
        Assert.Equal("not_one_schema_valid", error.Code);
        Assert.Equal("failed to validate", error.Message);
        Assert.Equal("s3", error.Value!.Value.GetProperty("handler").GetString());
    }

    [Fact]
    public void Echoed_entries_and_values_mask_secrets()
    {
        var exact = Exact(S3("\"bucket\":\"abc\",\"key\":\"AKIAEXAMPLE\",\"secret\":\"top-secret\""));
        var precise = Precise(S3("\"bucket\":\"abcdef\",\"key\":\"k\",\"secret\":\"has space\""));

        Assert.DoesNotContain("top-secret", exact.ToJson());
        Assert.DoesNotContain("AKIAEXAMPLE", exact.ToJson());
        Assert.Equal("***", exact[0].Value!.Value.GetProperty("settings").GetProperty("secret").GetString());
        var pattern = Assert.Single(precise);
        Assert.Equal("pattern", pattern.Code);
        Assert.Equal("***", pattern.Value!.Value.GetString());
    }

    [Fact]
    public void A_bucket_that_is_a_number_is_a_type_error_even_though_it_cannot_deserialize()
    {
        var error = Assert.Single(Precise(S3("\"bucket\":123,\"key\":\"k\",\"secret\":\"s\"")));

        Assert.Equal("type", error.Code);
        Assert.Equal("Value did not match type(s): string", error.Message);
        Assert.Equal($"attachments.{Id}.settings.bucket", error.Path);
    }

    [Fact]
    public void A_missing_required_setting_is_reported_at_the_missing_key()
    {
        var error = Assert.Single(Precise(S3("\"key\":\"k\",\"secret\":\"s\"")));

        Assert.Equal("required", error.Code);
        Assert.Equal($"attachments.{Id}.settings.bucket", error.Path);
        Assert.Equal("Field is required but missing", error.Message);
        Assert.Equal("bucket", error.Value!.Value.GetString());
    }

    [Fact]
    public void A_scheme_outside_the_enum_is_an_enum_error_with_the_allowed_values()
    {
        var error = Assert.Single(Precise(S3("\"bucket\":\"bucket\",\"key\":\"k\",\"secret\":\"s\",\"scheme\":\"ftp\"")));

        Assert.Equal("enum", error.Code);
        Assert.Equal(["http", "https"], error.Target!.Value.EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public void A_bucket_longer_than_63_is_maxLength()
    {
        var error = Assert.Single(Precise(S3($"\"bucket\":\"{new string('b', 64)}\",\"key\":\"k\",\"secret\":\"s\"")));

        Assert.Equal("maxLength", error.Code);
        Assert.Equal("String must not be more than 63 characters", error.Message);
    }

    [Fact]
    public void Lengths_count_code_points_so_six_emoji_are_a_long_enough_bucket()
    {
        Assert.True(Precise(S3("\"bucket\":\"😀😀😀😀😀😀\",\"key\":\"k\",\"secret\":\"s\"")).IsValid);
        Assert.Equal("minLength", Assert.Single(Precise(S3("\"bucket\":\"😀😀😀😀😀\",\"key\":\"k\",\"secret\":\"s\""))).Code);
    }

    [Fact]
    public void An_unknown_handler_names_the_allowed_handlers_in_precise_mode()
    {
        var error = Assert.Single(Precise(Entry("""{"handler":"ftp","settings":{}}""")));

        Assert.Equal($"attachments.{Id}.handler", error.Path);
        Assert.Equal("enum", error.Code);
        Assert.Equal(7, error.Target!.Value.GetArrayLength());
        Assert.Equal("ftp", error.Value!.Value.GetString());
    }

    [Fact]
    public void A_missing_handler_is_required_in_precise_mode_and_not_one_schema_valid_in_kazoo_mode()
    {
        var json = Entry("""{"settings":{}}""");

        Assert.True(Precise(json).Contains($"attachments.{Id}.handler", "required"));
        Assert.True(Exact(json).Contains($"attachments.{Id}", "not_one_schema_valid"));
    }

    [Fact]
    public void An_entry_that_is_not_an_object_is_a_type_error_which_replaces_not_one_schema_valid_in_kazoo_mode()
    {
        // Correction 9: jesse checks the entry's oneOf before its type (Kazoo's schema keys are sorted), and the error
        // found last replaces the one before at the same path.
        var exact = Assert.Single(Exact(Entry("\"s3\"")));
        Assert.Equal($"attachments.{Id}", exact.Path);
        Assert.Equal("type", exact.Code);
        Assert.Equal("Value did not match type(s): object", exact.Message);
        Assert.Equal("s3", exact.Value!.Value.GetString());

        Assert.True(Precise(Entry("\"s3\"")).Contains($"attachments.{Id}", "type"));
        Assert.Equal("not_one_schema_valid", Assert.Single(Exact(Entry("{\"handler\":\"s3\"}"))).Code); // an object: only the oneOf fails
    }

    [Fact]
    public void A_hyphenated_guid_as_attachment_id_is_additionalProperties_with_the_whole_map()
    {
        const string guid = "0f5c2c2e-7d1b-4a7e-9a3b-6c1d2e3f4a5b";
        var errors = Exact(Entry("""{"handler":"http","settings":{"url":"https://example.com"}}""", guid));

        var error = Assert.Single(errors);
        Assert.Equal("attachments." + guid, error.Path);
        Assert.Equal("additionalProperties", error.Code);
        Assert.Equal("Strict checking of data is enabled; only include schema-defined properties", error.Message);
        Assert.True(error.Value!.Value.TryGetProperty(guid, out _));
    }

    [Fact]
    public void A_plan_handler_must_name_an_attachment_of_the_same_document()
    {
        const string json = """{"plan":{"modb":{"types":{"mailbox_message":{"attachments":{"handler":"deadbeefdeadbeefdeadbeefdeadbeef"}}}}}}""";

        var error = Assert.Single(Exact(json));

        Assert.Equal("plan.modb.types.mailbox_message.attachments.handler", error.Path);
        Assert.Equal("error", error.Code);
        Assert.Equal("invalid reference 'deadbeefdeadbeefdeadbeefdeadbeef' to attachments", error.Message);
        Assert.Equal("deadbeefdeadbeefdeadbeefdeadbeef", error.Value!.Value.GetString());
    }

    [Theory]
    [InlineData(3, 0, false)]
    [InlineData(3, 2, true)]
    [InlineData(40, 0, false)]
    [InlineData(40, 39, false)] // past the keys kept in the index: found by reading the attachments again
    [InlineData(40, 39, true)]
    public void Plan_handlers_find_attachment_keys_before_or_after_the_plan(int entries, int referenced, bool planFirst)
    {
        var ids = Enumerable.Range(0, entries).Select(i => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var attachments = "\"attachments\":{" + string.Join(",", ids.Select(HttpEntry)) + "}";
        string Document(string handler) => "{" + (planFirst ? Plan(handler) + "," + attachments : attachments + "," + Plan(handler)) + "}";

        Assert.True(Precise(Document(ids[referenced])).IsValid);
        Assert.True(Exact(Document(ids[referenced])).IsValid);
        Assert.Equal("invalid reference 'ffffffffffffffffffffffffffffffff' to attachments", Assert.Single(Precise(Document(new string('f', 32)))).Message);
    }

    [Fact]
    public void Escaped_attachment_keys_and_a_repeated_attachments_member_resolve_as_the_keys_they_spell()
    {
        var first = new string('a', 32);
        var second = new string('b', 32);
        var escaped = "\"attachments\":{" + HttpEntry(first).Replace("\"a", "\"\\u0061", StringComparison.Ordinal) + "}";

        Assert.True(Precise("{" + escaped + "," + Plan(first) + "}").IsValid);
        Assert.True(Precise("{" + Plan(first) + "," + escaped + "}").IsValid); // read by the lookup, not the walk
        Assert.False(Precise("{" + escaped + "," + Plan(second) + "}").IsValid);
        // A repeated member: the first one's keys are the document's (Kazoo reads a name's first occurrence), whether
        // the walk or a lookup read them.
        var repeated = "\"attachments\":{" + HttpEntry(first) + "},\"attachments\":{" + HttpEntry(second) + "}";
        Assert.True(Precise("{" + repeated + "," + Plan(first) + "}").IsValid);
        Assert.False(Precise("{" + repeated + "," + Plan(second) + "}").IsValid);
        Assert.False(Precise("{" + Plan(second) + "," + repeated + "}").IsValid);
        Assert.True(Precise("{" + Plan(first) + "," + repeated + "}").IsValid);
        var notAnObjectFirst = "\"attachments\":5,\"attachments\":{" + HttpEntry(first) + "}";
        Assert.False(Precise("{" + Plan(first) + "," + notAnObjectFirst + "}").Contains("plan.modb.types.fax.attachments.handler", "type"));
        Assert.True(Precise("{" + Plan(first) + "," + notAnObjectFirst + "}").Contains("plan.modb.types.fax.attachments.handler", "error"));
    }

    [Fact]
    public void A_repeated_member_is_read_as_its_first_occurrence_as_kazoo_reads_it()
    {
        var s3 = "\"handler\":\"s3\",\"settings\":{\"bucket\":\"bucket\",\"key\":\"k\",\"secret\":\"s\"}";

        Assert.True(Precise(Entry("{" + s3 + ",\"handler\":\"nope\"}")).IsValid);
        Assert.True(Exact(Entry("{" + s3 + ",\"handler\":\"nope\"}")).IsValid);
        Assert.Equal($"attachments.{Id}.handler", Assert.Single(Precise(Entry("{\"handler\":\"nope\"," + s3 + "}"))).Path);
        Assert.True(Precise("""{"id":"x","id":5}""").IsValid);
        Assert.True(Precise("""{"id":"x","\u0069d":5}""").IsValid);
        Assert.Equal("type", Assert.Single(Exact("""{"id":5,"id":"x"}""")).Code);
        Assert.True(Precise("""{"plan":{"modb":{},"modb":{"no such key":1}}}""").IsValid);
        Assert.True(Precise("{\"attachments\":{\"" + Id + "\":{" + s3 + "},\"" + Id + "\":\"not an entry\"}}").IsValid);
    }

    private static string HttpEntry(string id) => "\"" + id + "\":{\"handler\":\"http\",\"settings\":{\"url\":\"https://files.example.com/\"}}";

    private static string Plan(string handler) => "\"plan\":{\"modb\":{\"types\":{\"fax\":{\"attachments\":{\"handler\":\"" + handler + "\"}}}}}";

    [Fact]
    public void A_class_level_plan_handler_is_checked_too()
    {
        Assert.True(Precise("""{"plan":{"account":{"attachments":{"handler":"nope"}}}}""").Contains("plan.account.attachments.handler", "error"));
    }

    [Fact]
    public void A_type_level_connection_must_be_a_key_of_connections_even_local()
    {
        const string json = """{"plan":{"modb":{"types":{"fax":{"connection":"local"}}}}}""";

        var error = Assert.Single(Precise(json));
        Assert.Equal("plan.modb.types.fax.connection", error.Path);
        Assert.Equal("invalid reference 'local' to connections", error.Message);
        Assert.True(Precise("""{"connections":{"local":{}},"plan":{"modb":{"types":{"fax":{"connection":"local"}}}}}""").IsValid);
    }

    [Fact]
    public void A_class_level_connection_is_not_checked_as_kazoo_does_not()
    {
        Assert.True(Precise("""{"plan":{"modb":{"connection":"anything"}}}""").IsValid);
    }

    [Theory]
    [InlineData("http://localhost/store")]
    [InlineData("http://127.0.0.1:8080/store")]
    [InlineData("http://0.0.0.0/store")]
    [InlineData("ftp://files.example.com/store")]
    [InlineData("not a url")]
    public void An_http_backend_url_must_be_http_and_off_the_blacklist(string url)
    {
        var json = Entry("{\"handler\":\"http\",\"settings\":{\"url\":\"" + url + "\"}}");

        var precise = Assert.Single(Precise(json));
        Assert.Equal($"attachments.{Id}.settings.url", precise.Path);
        Assert.Equal("invalid client URL", precise.Message);
        Assert.True(Exact(json).Contains($"attachments.{Id}", "not_one_schema_valid"));
    }

    [Theory]
    [InlineData("http://user:pass@localhost/store")] // user information is not the host (Kazoo's own parser reads the host 'user' here)
    [InlineData("http://user@pass:localhost/store")] // the form Kazoo's parser takes for user information: its host is localhost
    [InlineData("http://LocalHost/store")] // Kazoo lowercases the host
    [InlineData("http://localhost:8080/store")]
    [InlineData("http://127.1/store")] // the short, decimal, hex and octal IPv4 forms are IP literals to Kazoo too
    [InlineData("http://2130706433/store")]
    [InlineData("http://0x7f000001/store")]
    [InlineData("http://0177.0.0.1/store")]
    [InlineData("http://[::ffff:127.0.0.1]/store")] // an IPv4-mapped address is its IPv4 address
    [InlineData("http:localhost/store")] // clients read a missing // as there
    [InlineData("http:\\\\localhost\\store")] // and a backslash as a slash
    [InlineData("http://localhost\\@example.com/")] // so the host ends at it
    [InlineData("HTTP://files.example.com/store")] // Kazoo compares the scheme as written
    public void An_http_backend_url_is_refused_when_either_reading_of_its_host_is_blacklisted(string url)
    {
        var json = Entry("{\"handler\":\"http\",\"settings\":{\"url\":" + System.Text.Json.JsonSerializer.Serialize(url) + "}}");

        Assert.Equal("invalid client URL", Assert.Single(Precise(json)).Message);
        Assert.True(Exact(json).Contains($"attachments.{Id}", "not_one_schema_valid"));
    }

    [Theory]
    [InlineData("http://localhost@example.com/store")] // user information 'localhost', host example.com
    [InlineData("http://localhost./store")] // not the name 'localhost': Kazoo compares names exactly
    [InlineData("http://files.example.com/?next=http://localhost/")]
    [InlineData("http://files.example.com/@localhost")]
    [InlineData("https://files.example.com:8443/store")]
    [InlineData("http://[::1]/store")] // Kazoo's default networks are IPv4 only
    [InlineData("http://10.0.0.5/store")]
    public void An_http_backend_url_whose_host_is_not_blacklisted_is_valid(string url)
    {
        var json = Entry("{\"handler\":\"http\",\"settings\":{\"url\":" + System.Text.Json.JsonSerializer.Serialize(url) + "}}");

        Assert.True(Precise(json).IsValid);
        Assert.True(Exact(json).IsValid);
    }

    [Fact]
    public void A_blacklisted_network_holds_every_address_in_it()
    {
        var options = ValidationOptions.Default with { BlacklistedNetworks = [System.Net.IPNetwork.Parse("10.0.0.0/8")] };
        string Url(string host) => Entry("{\"handler\":\"http\",\"settings\":{\"url\":\"http://" + host + "/store\"}}");

        Assert.False(Checked(Url("10.1.2.3"), options).IsValid);
        Assert.False(Checked(Url("user:pass@10.255.255.255:80"), options).IsValid);
        Assert.True(Checked(Url("11.0.0.1"), options).IsValid);
        Assert.True(Checked(Url("127.0.0.1"), options).IsValid); // no longer on the list
    }

    [Fact]
    public void The_url_blacklist_is_configurable_as_a_kazoo_admin_can()
    {
        var json = Encoding.UTF8.GetBytes(Entry("""{"handler":"http","settings":{"url":"http://127.0.0.1:8080/store"}}"""));
        var relaxed = ValidationOptions.Default with { BlacklistedHosts = [], BlacklistedNetworks = [] };

        Assert.True(StorageDocument.Validate(json, relaxed).IsValid);
    }

    [Fact]
    public void An_empty_field_list_item_matches_every_shape_and_fails_in_both_modes()
    {
        var json = S3("\"bucket\":\"bucket\",\"key\":\"k\",\"secret\":\"s\",\"field_list\":[{\"arg\":\"db\"},{}]");

        // The common settings sit beside the handler oneOf, so even Kazoo reports this one where it is.
        Assert.True(Precise(json).Contains($"attachments.{Id}.settings.field_list.1", "not_one_schema_valid"));
        Assert.True(Exact(json).Contains($"attachments.{Id}.settings.field_list.1", "not_one_schema_valid"));
    }

    [Fact]
    public void Precise_errors_go_into_field_list_items_and_groups_at_any_depth()
    {
        var json = S3("\"bucket\":\"bucket\",\"key\":\"k\",\"secret\":\"s\",\"field_list\":[" +
            "{\"arg\":\"owner\"},{\"group\":[{\"arg\":\"db\"},{\"group\":[{\"field\":\"owner_id\"},{}]},{\"const\":5}]},{\"arg\":\"db\",\"const\":\"_\"}]");
        var field = $"attachments.{Id}.settings.field_list.";

        var precise = Precise(json);

        // Each item's members leave one shape, whose own errors are reported where they are; {} fits all four shapes
        // and an item with two keys none, so those stay not_one_schema_valid.
        Assert.Equal(
            [
                (field + "0.arg", "enum"),
                (field + "1.group.1.group.1", "not_one_schema_valid"),
                (field + "1.group.2.const", "type"),
                (field + "2", "not_one_schema_valid"),
            ],
            precise.Select(e => (e.Path, e.Code)));
        Assert.Equal("failed to validate: matches 4 shapes, exactly one must match", precise[1].Message);
        Assert.Equal([field + "0", field + "1", field + "2"], Exact(json).Paths); // Kazoo hides the inner errors
    }

    [Fact]
    public void A_plan_for_yodb_is_not_allowed()
    {
        Assert.True(Precise("""{"plan":{"yodb":{}}}""").Contains("plan.yodb", "additionalProperties"));
    }

    [Fact]
    public void A_text_couchdb_password_fails_because_kazoo_types_it_integer()
    {
        const string json = """{"connections":{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa":{"driver":"kazoo_couch","settings":{"ip":"h","port":5984,"credentials":{"username":"u","password":"text"}}}}}""";

        var precise = Assert.Single(Precise(json));
        Assert.Equal("connections.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.settings.credentials.password", precise.Path);
        Assert.Equal("type", precise.Code);
        Assert.Equal("***", precise.Value!.Value.GetString());
        Assert.True(Exact(json).Contains("connections.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "not_one_schema_valid"));
    }

    [Fact]
    public void Both_modes_coerce_a_boolean_string_outside_a_oneOf_unless_validation_is_strict()
    {
        const string json = """{"plan":{"modb":{"attachments":{"stub":"true"}}}}""";
        var strict = new ValidationOptions { StrictValidation = true };

        Assert.True(Exact(json).IsValid);
        Assert.True(Precise(json).IsValid);
        Assert.True(Checked(json, strict).Contains("plan.modb.attachments.stub", "type"));
        Assert.True(Checked(json, strict with { Mode = ValidationMode.KazooExact }).Contains("plan.modb.attachments.stub", "type"));
    }

    [Fact]
    public void Neither_mode_coerces_inside_a_oneOf()
    {
        var json = S3("\"bucket\":\"bucket\",\"key\":\"k\",\"secret\":\"s\",\"port\":\"8080\"");

        Assert.True(Exact(json).Contains($"attachments.{Id}", "not_one_schema_valid"));
        Assert.True(Precise(json).Contains($"attachments.{Id}.settings.port", "type"));
    }

    [Fact]
    public void A_dot_inside_a_key_is_written_as_percent_2E()
    {
        Assert.True(Precise("""{"plan":{"modb":{"types":{"mailbox.message":{"connection":5}}}}}""").IsValid); // types is open
        Assert.True(Precise("""{"attachments":{"a.b":{}}}""").Contains("attachments.a%2Eb", "additionalProperties"));
    }

    [Fact]
    public void The_example_with_every_backend_only_fails_where_it_should()
    {
        var errors = Precise(Models.ExampleDocuments.Read("every-backend.json"));

        Assert.Equal(
            [
                "attachments.66666666666666666666666666666666.name",
                "attachments.88888888888888888888888888888888.handler",
                "attachments.99999999999999999999999999999999.handler",
            ],
            errors.Paths.Order());
    }

    [Fact]
    public void Errors_round_trip_through_crossbar_data_json()
    {
        var errors = Exact(S3("\"bucket\":\"abc\",\"key\":\"k\",\"secret\":\"s\""));

        var again = ValidationErrors.FromCrossbarData(errors.ToJsonElement());

        Assert.Equal(errors.ToJson(), again.ToJson());
        Assert.Equal(errors[0].Path, again[0].Path);
    }

    [Fact]
    public void A_record_validates_as_the_json_it_writes()
    {
        var document = new StorageDocument
        {
            Attachments = new Dictionary<string, StorageAttachmentsEntry>
            {
                [Id] = new StorageAttachmentAws { Settings = new StorageAttachmentAwsSettings { Bucket = "abc", Key = "k", Secret = "s" } },
            },
        };

        Assert.Equal("minLength", Assert.Single(document.Validate()).Code);
        Assert.True((document with { Attachments = null }).Validate().IsValid);
    }

    [Fact]
    public void Malformed_json_is_a_JsonException_not_a_verdict()
    {
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Precise("""{"attachments":"""));
    }
}
