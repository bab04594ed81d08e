// Reads, writes and validates documents shaped like the ones Kazoo's API returns, with types generated from all of
// Kazoo's published schemas. Prints one "key: value" line per fact; the test reads them.
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Crossbar.Models;
using Kazoo.Storage.Validation;

Check<Users>("users", """
    {"first_name":"Ada","last_name":"Lovelace","username":"ada@example.com","email":"ada@example.com","priv_level":"admin",
     "enabled":true,"vm_to_email_enabled":false,"timezone":"Europe/London","presence_id":"1001",
     "caller_id":{"internal":{"name":"Ada","number":"1001"},"external":{"name":"Analytical Engines","number":"+14155550100"}},
     "call_forward":{"enabled":true,"number":"+14155550199","require_keypress":true,"direct_calls_only":false},
     "hotdesk":{"enabled":false,"id":"2001","require_pin":true,"pin":"1234"},
     "_id":"0123456789abcdef0123456789abcdef","pvt_type":"user","pvt_created":63840000000}
    """, """{"first_name":"Ada","last_name":"Lovelace","priv_level":"owner"}""");

Check<Devices>("devices", """
    {"name":"Ada's desk phone","device_type":"sip_device","owner_id":"0123456789abcdef0123456789abcdef","enabled":true,
     "sip":{"username":"user_ada","password":"s3cret-pass","method":"password","invite_format":"contact","registration_expiration":360},
     "media":{"audio":{"codecs":["OPUS","PCMU"]},"encryption":{"enforce_security":true,"methods":["srtp"]}},
     "caller_id":{"external":{"name":"Ada","number":"+14155550100"}},"call_forward":{"enabled":false},
     "suppress_unregister_notifications":true}
    """, """{"name":"Phone","enabled":"yes"}""");

Check<Vmboxes>("vmboxes", """
    {"mailbox":"1001","name":"Ada's voicemail","pin":"0000","owner_id":"0123456789abcdef0123456789abcdef","require_pin":true,"check_if_owner":true,
     "media":{"unavailable":"fedcba9876543210fedcba9876543210"},"media_extension":"wav","timezone":"America/Los_Angeles",
     "notify_email_addresses":["ada@example.com","babbage@example.com"]}
    """, """{"name":"No mailbox number"}""");

Check<Callflows>("callflows", """
    {"name":"Main number","numbers":["+14155550100","1000"],
     "flow":{"module":"user","data":{"id":"0123456789abcdef0123456789abcdef","timeout":20,"can_call_self":false},
             "children":{"_":{"module":"voicemail","data":{"id":"fedcba9876543210fedcba9876543210"},"children":{}}}}}
    """, """{"numbers":["1000"],"flow":{"data":{}}}""");

Check<Storage>("storage", """
    {"attachments":{"0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b":{"handler":"s3","name":"Recordings",
       "settings":{"bucket":"kazoo-recordings","key":"AKIAEXAMPLE","secret":"example-secret","host":"s3.example.com"}}},
     "plan":{"modb":{"types":{"mailbox_message":{"attachments":{"handler":"0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b"}}}}}}
    """, """{"attachments":{"not-an-id":{"handler":"s3","settings":{}}}}""");

// Reads the document, writes it back, reads that again, and validates the document, the record, and a broken one.
static void Check<T>(string schema, string document, string broken)
    where T : class
{
    var json = JsonNode.Parse(document)!.ToJsonString(CrossbarJson.Options);
    var value = JsonSerializer.Deserialize<T>(json, CrossbarJson.Options)!;
    var written = JsonSerializer.Serialize(value, CrossbarJson.Options);
    var again = JsonSerializer.Deserialize<T>(written, CrossbarJson.Options);
    var validator = CrossbarJson.Schemas.Validator(schema);
    Console.WriteLine($"{schema} type: {value.GetType().Name}");
    Console.WriteLine($"{schema} round trip: {written == json && value.Equals(again)}");
    Report(schema + " valid", validator.Validate(JsonDocument.Parse(json).RootElement));
    Report(schema + " record valid", validator.Validate(value, CrossbarJson.GetTypeInfo<T>()));
    Console.WriteLine($"{schema} broken valid: {validator.Validate(JsonDocument.Parse(broken).RootElement).IsValid}");
}

static void Report(string fact, ValidationErrors errors)
{
    Console.WriteLine($"{fact}: {errors.IsValid}");
    foreach (var error in errors)
    {
        Console.WriteLine($"{fact} error: {error.Path} {error.Code}");
    }
}
