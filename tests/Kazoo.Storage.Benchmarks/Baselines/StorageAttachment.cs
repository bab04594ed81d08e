using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Benchmarks.Baselines;

/// <summary>
/// Counterpart of the generated <c>StorageAttachmentsEntry</c> union: System.Text.Json's own
/// polymorphism on the <c>handler</c> member. Kazoo does not put <c>handler</c> first, hence
/// <c>AllowOutOfOrderMetadataProperties</c> on both baseline options.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "handler")]
[JsonDerivedType(typeof(StorageAttachmentAws), "s3")]
[JsonDerivedType(typeof(StorageAttachmentGoogleDrive), "google_drive")]
[JsonDerivedType(typeof(StorageAttachmentGoogleStorage), "google_storage")]
[JsonDerivedType(typeof(StorageAttachmentAzure), "azure")]
[JsonDerivedType(typeof(StorageAttachmentOnedrive), "onedrive")]
[JsonDerivedType(typeof(StorageAttachmentDropbox), "dropbox")]
[JsonDerivedType(typeof(StorageAttachmentHttp), "http")]
public abstract record StorageAttachment
{
    /// <summary>The discriminator, which System.Text.Json reads and writes itself (so every override is [JsonIgnore] too: the attribute is not inherited).</summary>
    [JsonIgnore]
    public abstract string Handler { get; }

    [JsonPropertyName("name")]
    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed record StorageAttachmentAws : StorageAttachment
{
    [JsonIgnore]
    public override string Handler => "s3";

    [JsonPropertyName("settings")]
    [JsonRequired]
    public StorageAttachmentAwsSettings Settings { get; set; } = null!;
}

public sealed record StorageAttachmentGoogleDrive : StorageAttachment
{
    [JsonIgnore]
    public override string Handler => "google_drive";

    [JsonPropertyName("settings")]
    [JsonRequired]
    public StorageAttachmentGoogleDriveSettings Settings { get; set; } = null!;
}

public sealed record StorageAttachmentGoogleStorage : StorageAttachment
{
    [JsonIgnore]
    public override string Handler => "google_storage";

    [JsonPropertyName("settings")]
    [JsonRequired]
    public StorageAttachmentGoogleStorageSettings Settings { get; set; } = null!;
}

public sealed record StorageAttachmentAzure : StorageAttachment
{
    [JsonIgnore]
    public override string Handler => "azure";

    [JsonPropertyName("settings")]
    [JsonRequired]
    public StorageAttachmentAzureSettings Settings { get; set; } = null!;
}

public sealed record StorageAttachmentOnedrive : StorageAttachment
{
    [JsonIgnore]
    public override string Handler => "onedrive";

    [JsonPropertyName("settings")]
    [JsonRequired]
    public StorageAttachmentOauthSettings Settings { get; set; } = null!;
}

public sealed record StorageAttachmentDropbox : StorageAttachment
{
    [JsonIgnore]
    public override string Handler => "dropbox";

    [JsonPropertyName("settings")]
    [JsonRequired]
    public StorageAttachmentOauthSettings Settings { get; set; } = null!;
}

public sealed record StorageAttachmentHttp : StorageAttachment
{
    [JsonIgnore]
    public override string Handler => "http";

    [JsonPropertyName("settings")]
    [JsonRequired]
    public StorageAttachmentHttpSettings Settings { get; set; } = null!;
}
