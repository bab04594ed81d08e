using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.GoogleStorage;

/// <summary>
/// The <c>bucket</c> member of a <c>google_storage</c> entry's settings. Kazoo's handler requires it, but Kazoo's schema does
/// not declare it, so the generated <see cref="StorageAttachmentGoogleStorageSettings"/> keeps it in its
/// <see cref="StorageAttachmentGoogleStorageSettings.ExtensionData"/>; these read and set it there.
/// </summary>
public static class GoogleStorageSettingsExtensions
{
    /// <summary>The settings member that names the bucket: <c>bucket</c>.</summary>
    public const string BucketMember = "bucket";

    /// <summary>The bucket the settings name, or null when <c>bucket</c> is missing, empty or not a string.</summary>
    /// <param name="settings">A <c>google_storage</c> entry's (effective) settings.</param>
    public static string? GetBucket(this StorageAttachmentGoogleStorageSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.ExtensionData.TryGetValue(BucketMember, out var bucket) && bucket.ValueKind == JsonValueKind.String
            && bucket.GetString() is { Length: > 0 } name
                ? name
                : null;
    }

    /// <summary>A copy of the settings whose <c>bucket</c> is <paramref name="bucket"/> (other members and their order kept).</summary>
    /// <param name="settings">A <c>google_storage</c> entry's settings.</param>
    /// <param name="bucket">The bucket's name, e.g. <c>kazoo-voicemail</c>.</param>
    public static StorageAttachmentGoogleStorageSettings WithBucket(this StorageAttachmentGoogleStorageSettings settings, string bucket)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        return settings with { ExtensionData = settings.ExtensionData.With(BucketMember, StringElement(bucket)) };
    }

    private static JsonElement StringElement(string value)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStringValue(value);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
