using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Client.Tests.Support;

/// <summary>
/// A document's <c>ui_metadata</c>, which Kazoo's storage schema does not declare (so the record keeps it with the other
/// undeclared members): a free-form value the tests change to tell one write from another.
/// </summary>
internal static class UiMetadata
{
    public static StorageDocument WithUiMetadata(this StorageDocument document, JsonElement value) =>
        document with { ExtensionData = document.ExtensionData.With("ui_metadata", value) };

    public static JsonElement? UiMetadataOf(this StorageDocument document) =>
        document.ExtensionData.TryGetValue("ui_metadata", out var value) ? value : null;
}
