using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Generator.Tests.Harness;
using Kazoo.Storage.Validation;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests;

/// <summary>
/// The generator serves any Kazoo schema, not only storage: six crossbar-style schemas (<c>KazooStyle/</c>, shaped like
/// Kazoo's <c>users</c>, <c>devices</c>, <c>vmboxes</c>, <c>callflows</c>, <c>callflows.action</c> and <c>caller_id</c>,
/// with bare-id <c>$ref</c>s between them, a recursive callflow tree, <c>oneOf</c>, enums, defaults,
/// <c>patternProperties</c>, arrays of objects, <c>kazoo-validation</c> and <c>support_level</c>) generate code that
/// compiles cleanly; documents round-trip through the generated converters; the generated validator accepts a valid
/// document and reports an invalid one at the right path with the right code.
/// </summary>
/// <remarks>
/// The output compilation is emitted to memory and loaded into a collectible load context (see
/// <see cref="LoadedAssembly"/>). Reflection is used only to reach the generated <c>CrossbarJson.Options</c> and
/// <c>CrossbarJson.Schemas</c> and the generated types' <see cref="Type"/> objects for System.Text.Json; the shapes of
/// the generated types are checked on the compilation's symbols instead.
/// </remarks>
public sealed class KazooStyleSchemaTests : IClassFixture<KazooStyleSchemaTests.Generated>
{
    public const string Namespace = "Kazoo.Crossbar.Tests.Generated";
    public const string ContextName = "CrossbarJson";

    private const string AccountId = "4a6f2e2d1c0b4e8f9a7d6c5b4a3f2e1d";
    private const string UserId = "0123456789abcdef0123456789abcdef";

    private static readonly string[] s_schemaIds = { "caller_id", "callflows", "callflows.action", "devices", "users", "vmboxes" };

    private readonly Generated _generated;

    public KazooStyleSchemaTests(Generated generated) => _generated = generated;

    // ---- documents in Kazoo's shapes (compact, in the order Kazoo's API returns them) ----

    public static readonly string UserJson = Compact("""
        {"_id":"USER_ID","first_name":"Ada","last_name":"Lovelace","username":"ada@example.com","email":"ada@example.com",
         "priv_level":"admin","enabled":true,"vm_to_email_enabled":false,"timezone":"Europe/London","presence_id":"1001",
         "caller_id":{"internal":{"name":"Ada","number":"1001"},"external":{"name":"Analytical Engines","number":"+14155550100"}},
         "call_forward":{"enabled":true,"number":"+14155550199","require_keypress":true,"direct_calls_only":false},
         "call_restriction":{"international":{"action":"deny"},"tollfree_us":{"action":"inherit"},"caribbean":{"action":"allow"}},
         "hotdesk":{"enabled":false,"id":"2001","require_pin":true,"pin":"1234"},
         "pvt_type":"user","pvt_account_id":"ACCOUNT_ID","pvt_created":63840000000,"ui_metadata":{"origin":"voip","ui":"monster-ui","version":"4.3-139"}}
        """);

    public static readonly string DeviceJson = Compact("""
        {"name":"Ada's desk phone","device_type":"sip_device","owner_id":"USER_ID","enabled":true,
         "sip":{"username":"user_ada","password":"s3cret-pass","method":"password","invite_format":"contact","ip":"192.0.2.10","registration_expiration":360},
         "media":{"audio":{"codecs":["OPUS","PCMU","G722"]},"encryption":{"enforce_security":true,"methods":["srtp"]}},
         "caller_id":{"external":{"name":"Ada","number":"+14155550100"},"emergency":{"number":"+14155550911"}},
         "call_forward":{"enabled":false},"contact_list":{"exclude":false},"suppress_unregister_notifications":true,
         "provision":{"endpoint_brand":"yealink","endpoint_family":"t4x","endpoint_model":"t46s"}}
        """);

    public static readonly string VmboxJson = Compact("""
        {"mailbox":"1001","name":"Ada's voicemail","pin":"0000","owner_id":"USER_ID","require_pin":true,"check_if_owner":true,
         "media":{"unavailable":"fedcba9876543210fedcba9876543210"},"media_extension":"wav","timezone":"America/Los_Angeles",
         "notify_email_addresses":["ada@example.com","babbage@example.com"],
         "messages":[{"media_id":"201401-0123456789abcdef0123456789abcdef","folder":"new","timestamp":63840000000,"caller_id_number":"+14155550111","caller_id_name":"Charles","call_id":"abc@192.0.2.1","length":12000},
                     {"media_id":"201402-fedcba9876543210fedcba9876543210","folder":"saved","timestamp":63840003600}]}
        """);

    public static readonly string CallflowJson = Compact("""
        {"name":"Main number","numbers":["+14155550100","1000"],
         "flow":{"module":"user","data":{"id":"USER_ID","timeout":20,"can_call_self":false},
                 "children":{"_":{"module":"voicemail","data":{"id":"fedcba9876543210fedcba9876543210"},
                                  "children":{"1":{"module":"play","data":{"id":"bye"},"children":{}}}}}},
         "featurecode":{}}
        """);

    [Fact]
    public void Kazoo_style_schemas_generate_code_that_compiles_without_warnings_or_errors()
    {
        var problems = _generated.Run.CompilationDiagnostics.AtLeast(DiagnosticSeverity.Warning);

        Assert.True(problems.Count == 0, problems.Describe());
    }

    [Fact]
    public void Generator_reports_nothing_for_the_kazoo_style_schemas()
    {
        var run = _generated.Run;

        Assert.Null(run.Result.Exception);
        Assert.True(run.GeneratorDiagnostics.IsEmpty, run.GeneratorDiagnostics.Describe());
    }

    [Fact]
    public void Every_schema_gets_its_type_and_a_validator_root()
    {
        var compilation = _generated.Run.OutputCompilation;
        foreach (var name in new[] { "CallerId", "Callflows", "CallflowsAction", "Devices", "Users", "Vmboxes" })
        {
            Assert.NotNull(compilation.GetTypeByMetadataName(Namespace + "." + name));
        }

        Assert.Equal(s_schemaIds, _generated.Schemas.SchemaIds.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bare_id_references_become_the_referenced_schemas_types_across_files()
    {
        // users.caller_id and devices.caller_id are both the one caller_id type; callflows.flow is callflows.action.
        Assert.Equal(Namespace + ".CallerId?", PropertyType("Users", "CallerId"));
        Assert.Equal(Namespace + ".CallerId?", PropertyType("Devices", "CallerId"));
        Assert.Equal(Namespace + ".CallflowsAction", PropertyType("Callflows", "Flow"));
    }

    [Fact]
    public void The_callflow_tree_recurses_through_children_patternProperties()
    {
        var children = PropertyType("CallflowsAction", "Children");
        Assert.Equal(Namespace + ".CallflowsActionChildren?", children);

        var map = Assert.Single(Record("CallflowsActionChildren").GetMembers().OfType<IPropertySymbol>(),
            p => p.Type is INamedTypeSymbol { Name: "IReadOnlyDictionary" });
        Assert.Equal(Namespace + ".CallflowsAction", ((INamedTypeSymbol)map.Type).TypeArguments[1].ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat).TrimEnd('?'));
    }

    [Fact]
    public void Required_members_enums_and_arrays_of_objects_get_their_shapes()
    {
        Assert.True(Property("Devices", "Name").IsRequired);
        Assert.True(Property("Users", "FirstName").IsRequired && Property("Users", "LastName").IsRequired);
        Assert.False(Property("Users", "Email").IsRequired);
        Assert.True(Property("Callflows", "Flow").IsRequired);
        Assert.Equal(Namespace + ".UsersPrivLevel?", PropertyType("Users", "PrivLevel"));
        Assert.Equal(Namespace + ".DevicesSipInviteFormat?", PropertyType("DevicesSip", "InviteFormat"));
        Assert.Equal("System.Collections.Generic.IReadOnlyList<" + Namespace + ".VmboxesMessagesItem>?", PropertyType("Vmboxes", "Messages"));
        Assert.Equal("System.Collections.Generic.IReadOnlyList<" + Namespace + ".DevicesMediaAudioCodecsItem>?", PropertyType("DevicesMediaAudio", "Codecs"));
        Assert.Equal("System.Collections.Generic.IReadOnlyDictionary<string, " + Namespace + ".UsersCallRestrictionEntry>?",
            Assert.Single(Record("UsersCallRestriction").GetMembers().OfType<IPropertySymbol>(), p => p.Type is INamedTypeSymbol { Name: "IReadOnlyDictionary" })
                .Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat));
    }

    [Theory]
    [InlineData("Users", nameof(UserJson))]
    [InlineData("Devices", nameof(DeviceJson))]
    [InlineData("Vmboxes", nameof(VmboxJson))]
    [InlineData("Callflows", nameof(CallflowJson))]
    public void Document_round_trips_through_the_generated_converters_unchanged(string typeName, string document)
    {
        var json = Document(document);

        var (value, written) = _generated.RoundTrip(typeName, json);

        Assert.NotNull(value);
        Assert.Equal(_generated.Type(typeName), value.GetType());
        Assert.Equal(json, written);
    }

    [Theory]
    [InlineData("Users", nameof(UserJson))]
    [InlineData("Devices", nameof(DeviceJson))]
    [InlineData("Vmboxes", nameof(VmboxJson))]
    [InlineData("Callflows", nameof(CallflowJson))]
    public void Documents_read_twice_are_equal_records(string typeName, string document)
    {
        var (first, second) = _generated.ReadTwice(typeName, Document(document));

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Member_order_does_not_count_for_equality_but_is_written_back()
    {
        var type = _generated.Assembly.Type(Namespace + ".Devices");
        var reordered = Reversed(DeviceJson);

        var original = JsonSerializer.Deserialize(DeviceJson, type, _generated.Options);
        var shuffled = JsonSerializer.Deserialize(reordered, type, _generated.Options);

        Assert.Equal(original, shuffled);
        Assert.Equal(reordered, JsonSerializer.Serialize(shuffled, type, _generated.Options));
    }

    [Fact]
    public void A_callflow_whose_module_is_missing_deep_in_the_tree_does_not_deserialize_and_says_where()
    {
        var type = _generated.Assembly.Type(Namespace + ".Callflows");
        var json = CallflowJson.Replace("\"module\":\"play\",", "", StringComparison.Ordinal);

        var error = Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(json, type, _generated.Options));

        Assert.Equal("$.flow.children._.children['1']", error.Path);
    }

    [Theory]
    [InlineData("users", nameof(UserJson))]
    [InlineData("devices", nameof(DeviceJson))]
    [InlineData("vmboxes", nameof(VmboxJson))]
    [InlineData("callflows", nameof(CallflowJson))]
    public void Validator_accepts_a_valid_document(string schemaId, string document)
    {
        var errors = _generated.Schemas.Validator(schemaId).Validate(Encoding.UTF8.GetBytes(Document(document)));

        Assert.True(errors.IsValid, errors.ToString());
    }

    [Theory]
    [InlineData("devices", "name", "\"\"", "name", "minLength")]
    [InlineData("devices", "device_type", "\"rotary_phone\"", "device_type", "enum")]
    [InlineData("devices", "owner_id", "\"0123456789ABCDEF0123456789ABCDEF\"", "owner_id", "pattern")]
    [InlineData("devices", "sip.invite_format", "\"bogus\"", "sip.invite_format", "enum")]
    [InlineData("devices", "sip.password", "\"abc\"", "sip.password", "minLength")]
    [InlineData("devices", "sip.registration_expiration", "-5", "sip.registration_expiration", "minimum")]
    [InlineData("devices", "sip.ip", "\"not-an-ip\"", "sip.ip", "wrong_format")]
    [InlineData("devices", "media.audio.codecs", "[\"PCMU\",\"PCMU\"]", "media.audio.codecs", "uniqueItems")]
    [InlineData("devices", "media.audio.codecs", "[\"MP3\"]", "media.audio.codecs.0", "enum")]
    [InlineData("devices", "caller_id.external.number", "\"+14155550100123456789012345678901234\"", "caller_id.external.number", "maxLength")]
    [InlineData("devices", "enabled", "\"yes\"", "enabled", "type")]
    [InlineData("users", "priv_level", "\"root\"", "priv_level", "enum")]
    [InlineData("users", "username", "\"ada lovelace\"", "username", "pattern")]
    [InlineData("users", "call_restriction.international.action", "\"block\"", "call_restriction.international.action", "enum")]
    [InlineData("users", "hotdesk.pin", "\"12\"", "hotdesk.pin", "minLength")]
    [InlineData("users", "email", "\"ada-at-example\"", "email", "wrong_format")]
    [InlineData("vmboxes", "pin", "\"12a4\"", "pin", "pattern")]
    [InlineData("vmboxes", "messages.0.folder", "\"trash\"", "messages.0.folder", "enum")]
    [InlineData("vmboxes", "messages.1.media_id", "\"short\"", "messages.1.media_id", "minLength")]
    [InlineData("vmboxes", "notify_email_addresses.1", "\"not-an-email\"", "notify_email_addresses.1", "wrong_format")]
    [InlineData("callflows", "flow.children._.children.1.module", "\"\"", "flow.children._.children.1.module", "minLength")]
    [InlineData("callflows", "numbers.1", "\"\"", "numbers.1", "minLength")]
    public void Validator_rejects_a_wrong_value_at_its_path_with_its_code(string schemaId, string member, string value, string path, string code)
    {
        var document = JsonNode.Parse(ValidDocumentOf(schemaId))!;
        Set(document, member, JsonNode.Parse(value));

        var errors = _generated.Schemas.Validator(schemaId).Validate(Encoding.UTF8.GetBytes(document.ToJsonString()));

        Assert.True(errors.Contains(path, code), $"expected {code} at '{path}'; got: {errors}");
    }

    [Theory]
    [InlineData("users", "first_name", "first_name")]
    [InlineData("devices", "name", "name")]
    [InlineData("vmboxes", "mailbox", "mailbox")]
    [InlineData("vmboxes", "messages.0.media_id", "messages.0.media_id")]
    [InlineData("callflows", "flow", "flow")]
    [InlineData("callflows", "flow.children._.module", "flow.children._.module")]
    public void Validator_reports_a_missing_required_member_at_its_path(string schemaId, string member, string path)
    {
        var document = JsonNode.Parse(ValidDocumentOf(schemaId))!;
        Remove(document, member);

        var errors = _generated.Schemas.Validator(schemaId).Validate(Encoding.UTF8.GetBytes(document.ToJsonString()));

        Assert.True(errors.Contains(path, "required"), $"expected required at '{path}'; got: {errors}");
    }

    [Fact]
    public void Validator_rejects_a_callflow_with_both_numbers_and_patterns_as_Kazoo_does()
    {
        // callflows' oneOf: exactly one of "numbers" or "patterns" is required.
        var document = JsonNode.Parse(CallflowJson)!;
        document["patterns"] = new JsonArray("^\\*7([0-9]{2,})$");

        var errors = _generated.Schemas.Validator("callflows").Validate(Encoding.UTF8.GetBytes(document.ToJsonString()));

        Assert.True(errors.Contains("", "not_one_schema_valid"), errors.ToString());
    }

    [Fact]
    public void Validator_accepts_a_callflow_with_patterns_only()
    {
        var document = JsonNode.Parse(CallflowJson)!.AsObject();
        document.Remove("numbers");
        document["patterns"] = new JsonArray("^\\*7([0-9]{2,})$");

        var errors = _generated.Schemas.Validator("callflows").Validate(Encoding.UTF8.GetBytes(document.ToJsonString()));

        Assert.True(errors.IsValid, errors.ToString());
    }

    // ---- helpers ----

    private static string Document(string name) => name switch
    {
        nameof(UserJson) => UserJson,
        nameof(DeviceJson) => DeviceJson,
        nameof(VmboxJson) => VmboxJson,
        nameof(CallflowJson) => CallflowJson,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static string ValidDocumentOf(string schemaId) => schemaId switch
    {
        "users" => UserJson,
        "devices" => DeviceJson,
        "vmboxes" => VmboxJson,
        "callflows" => CallflowJson,
        _ => throw new ArgumentOutOfRangeException(nameof(schemaId), schemaId, null),
    };

    private static string Compact(string json) => JsonNode.Parse(json.Replace("USER_ID", UserId, StringComparison.Ordinal).Replace("ACCOUNT_ID", AccountId, StringComparison.Ordinal))!.ToJsonString(new JsonSerializerOptions
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    /// <summary>The same document with every object's members in reverse order.</summary>
    private static string Reversed(string json)
    {
        static JsonNode? Reverse(JsonNode? node) => node switch
        {
            JsonObject obj => new JsonObject(obj.Reverse().Select(p => KeyValuePair.Create(p.Key, Reverse(p.Value?.DeepClone())))),
            JsonArray array => new JsonArray(array.Select(item => Reverse(item?.DeepClone())).ToArray()),
            _ => node?.DeepClone(),
        };

        return Reverse(JsonNode.Parse(json))!.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>The node a dotted path names (array items by index), its parent and last segment.</summary>
    private static (JsonNode Parent, string Last) Walk(JsonNode document, string dotted)
    {
        var segments = dotted.Split('.');
        var node = document;
        foreach (var segment in segments[..^1])
        {
            node = node is JsonArray array ? array[int.Parse(segment, System.Globalization.CultureInfo.InvariantCulture)]! : node[segment]!;
        }

        return (node, segments[^1]);
    }

    private static void Set(JsonNode document, string dotted, JsonNode? value)
    {
        var (parent, last) = Walk(document, dotted);
        if (parent is JsonArray array)
        {
            array[int.Parse(last, System.Globalization.CultureInfo.InvariantCulture)] = value;
        }
        else
        {
            parent[last] = value;
        }
    }

    private static void Remove(JsonNode document, string dotted)
    {
        var (parent, last) = Walk(document, dotted);
        Assert.True(parent.AsObject().Remove(last), dotted + " is not in the document");
    }

    private INamedTypeSymbol Record(string name)
        => _generated.Run.OutputCompilation.GetTypeByMetadataName(Namespace + "." + name) ?? throw new Xunit.Sdk.XunitException(name + " was not generated");

    private IPropertySymbol Property(string record, string property)
        => Assert.Single(Record(record).GetMembers(property).OfType<IPropertySymbol>());

    private string PropertyType(string record, string property)
        => Property(record, property).Type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);

    /// <summary>The Kazoo-style schemas, generated, compiled and loaded once for the class.</summary>
    public sealed class Generated() : GeneratedCodeFixture(SchemaFiles(), KazooStyleSchemaTests.Namespace, KazooStyleSchemaTests.ContextName)
    {
        /// <summary>The generated <c>CrossbarJson.Schemas</c>.</summary>
        public SchemaSet Schemas => Assembly.StaticProperty<SchemaSet>(Namespace + "." + ContextName, "Schemas");

        private static List<SchemaSource> SchemaFiles()
            => System.IO.Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "KazooStyle"), "*.json")
                .Order(StringComparer.Ordinal)
                .Select(path => new SchemaSource(path, File.ReadAllText(path)))
                .ToList();
    }
}
