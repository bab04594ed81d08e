using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Benchmarks.Baselines;

/// <summary>Counterpart of <c>StoragePlan</c>: one entry per database class.</summary>
public sealed record StoragePlan
{
    [JsonPropertyName("account")]
    public StoragePlanDatabase? Account { get; set; }

    [JsonPropertyName("aggregate")]
    public StoragePlanDatabase? Aggregate { get; set; }

    [JsonPropertyName("modb")]
    public StoragePlanDatabase? Modb { get; set; }

    [JsonPropertyName("system")]
    public StoragePlanDatabase? System { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StoragePlanDatabase
{
    [JsonPropertyName("attachments")]
    public StoragePlanDatabaseAttachment? Attachments { get; set; }

    [JsonPropertyName("connection")]
    public string? Connection { get; set; }

    [JsonPropertyName("database")]
    public StoragePlanDatabaseDatabase? Database { get; set; }

    [JsonPropertyName("types")]
    public StoragePlanDatabaseTypes? Types { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StoragePlanDatabaseDatabase
{
    [JsonPropertyName("create_options")]
    public JsonElement? CreateOptions { get; set; }

    [JsonPropertyName("names")]
    public IReadOnlyList<string>? Names { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StoragePlanDatabaseTypes
{
    [JsonPropertyName("call_recording")]
    public StoragePlanDatabaseDocument? CallRecording { get; set; }

    [JsonPropertyName("fax")]
    public StoragePlanDatabaseDocument? Fax { get; set; }

    [JsonPropertyName("function")]
    public StoragePlanDatabaseDocument? Function { get; set; }

    [JsonPropertyName("mailbox_message")]
    public StoragePlanDatabaseDocument? MailboxMessage { get; set; }

    [JsonPropertyName("media")]
    public StoragePlanDatabaseDocument? Media { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StoragePlanDatabaseDocument
{
    [JsonPropertyName("attachments")]
    public StoragePlanDatabaseAttachment? Attachments { get; set; }

    [JsonPropertyName("connection")]
    public string? Connection { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StoragePlanDatabaseAttachment
{
    [JsonPropertyName("handler")]
    public string? Handler { get; set; }

    [JsonPropertyName("params")]
    public StoragePlanDatabaseAttachmentParams? Params { get; set; }

    [JsonPropertyName("stub")]
    public bool? Stub { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StoragePlanDatabaseAttachmentParams
{
    [JsonPropertyName("folder_path")]
    public string? FolderPath { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
