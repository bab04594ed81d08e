using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Benchmarks.Baselines;

/// <summary>The object-naming members every backend's settings share (Kazoo's <c>storage.attachments</c> base).</summary>
public abstract record StorageAttachmentSettings
{
    [JsonPropertyName("field_list")]
    public IReadOnlyList<StorageAttachmentsField>? FieldList { get; set; }

    [JsonPropertyName("field_separator")]
    public string? FieldSeparator { get; set; }

    [JsonPropertyName("folder_base_path")]
    public string? FolderBasePath { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StorageAttachmentsField
{
    [JsonPropertyName("arg")]
    public string? Arg { get; set; }

    [JsonPropertyName("const")]
    public string? Const { get; set; }

    [JsonPropertyName("field")]
    public string? Field { get; set; }

    [JsonPropertyName("group")]
    public IReadOnlyList<StorageAttachmentsField>? Group { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StorageAttachmentAwsSettings : StorageAttachmentSettings
{
    [JsonPropertyName("bucket")]
    [JsonRequired]
    public string Bucket { get; set; } = null!;

    [JsonPropertyName("bucket_access_method")]
    public string? BucketAccessMethod { get; set; }

    [JsonPropertyName("bucket_after_host")]
    public bool? BucketAfterHost { get; set; }

    [JsonPropertyName("host")]
    public string? Host { get; set; }

    [JsonPropertyName("key")]
    [JsonRequired]
    public string Key { get; set; } = null!;

    [JsonPropertyName("port")]
    public long? Port { get; set; }

    [JsonPropertyName("region")]
    public string? Region { get; set; }

    [JsonPropertyName("scheme")]
    public string? Scheme { get; set; }

    [JsonPropertyName("secret")]
    [JsonRequired]
    public string Secret { get; set; } = null!;
}

public sealed record StorageAttachmentHttpSettings : StorageAttachmentSettings
{
    [JsonPropertyName("base64_encode_data")]
    public bool? Base64EncodeData { get; set; }

    [JsonPropertyName("send_multipart")]
    public bool? SendMultipart { get; set; }

    [JsonPropertyName("url")]
    [JsonRequired]
    public string Url { get; set; } = null!;

    [JsonPropertyName("verb")]
    public string? Verb { get; set; }
}

public sealed record StorageAttachmentGoogleDriveSettings : StorageAttachmentSettings
{
    [JsonPropertyName("folder_id")]
    public string? FolderId { get; set; }

    [JsonPropertyName("oauth_doc_id")]
    [JsonRequired]
    public string OauthDocId { get; set; } = null!;
}

public sealed record StorageAttachmentGoogleStorageSettings : StorageAttachmentSettings
{
    [JsonPropertyName("oauth_app_id")]
    public string? OauthAppId { get; set; }

    [JsonPropertyName("oauth_doc_id")]
    public string? OauthDocId { get; set; }
}

public sealed record StorageAttachmentAzureSettings : StorageAttachmentSettings
{
    [JsonPropertyName("account")]
    [JsonRequired]
    public string Account { get; set; } = null!;

    [JsonPropertyName("container")]
    [JsonRequired]
    public string Container { get; set; } = null!;

    [JsonPropertyName("key")]
    [JsonRequired]
    public string Key { get; set; } = null!;
}

/// <summary>OneDrive and Dropbox settings: both name an OAuth document and nothing else.</summary>
public sealed record StorageAttachmentOauthSettings : StorageAttachmentSettings
{
    [JsonPropertyName("oauth_doc_id")]
    [JsonRequired]
    public string OauthDocId { get; set; } = null!;
}
