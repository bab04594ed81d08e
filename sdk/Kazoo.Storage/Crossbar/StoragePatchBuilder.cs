using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Crossbar;

/// <summary>
/// Builds a <see cref="StoragePatch"/> by hand. Paths are dotted as in Crossbar's errors (<c>plan.modb.types.mailbox_message</c>);
/// write a literal <c>.</c> inside a key as <c>%2E</c>.
/// </summary>
/// <example>
/// <code>
/// var patch = new StoragePatchBuilder()
///     .SetAttachment(id, new StorageAttachmentHttp { Settings = new() { Url = "https://files.example.com/vm" } })
///     .Set("plan.modb.types.mailbox_message.attachments.handler", id)
///     .Remove("attachments." + oldId)
///     .Build();
/// </code>
/// </example>
public sealed class StoragePatchBuilder
{
    private readonly JsonObject _root = new();

    /// <summary>Sets the value at a path (a JSON value; objects merge into the stored object, <c>{}</c> empties it).</summary>
    /// <param name="path">The dotted path.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public StoragePatchBuilder Set(string path, JsonElement value)
    {
        Place(path, JsonNode.Parse(value.GetRawText()));
        return this;
    }

    /// <summary>Sets a text value at a path.</summary>
    /// <param name="path">The dotted path.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public StoragePatchBuilder Set(string path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Place(path, JsonValue.Create(value));
        return this;
    }

    /// <summary>Sets a boolean value at a path.</summary>
    /// <param name="path">The dotted path.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public StoragePatchBuilder Set(string path, bool value)
    {
        Place(path, JsonValue.Create(value));
        return this;
    }

    /// <summary>Sets a number at a path.</summary>
    /// <param name="path">The dotted path.</param>
    /// <param name="value">The value.</param>
    /// <returns>This builder.</returns>
    public StoragePatchBuilder Set(string path, long value)
    {
        Place(path, JsonValue.Create(value));
        return this;
    }

    /// <summary>Sets a generated record (or any type the metadata describes) at a path.</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="path">The dotted path.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Its metadata, e.g. <c>KazooStorageJson.GetTypeInfo&lt;StoragePlan&gt;()</c>.</param>
    /// <returns>This builder.</returns>
    public StoragePatchBuilder Set<T>(string path, T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return Set(path, JsonSerializer.SerializeToElement(value, typeInfo));
    }

    /// <summary>Adds or replaces the attachment entry <paramref name="attachmentId"/> (merged into a stored entry of that id).</summary>
    /// <param name="attachmentId">The entry's id: 32 lowercase letters and digits.</param>
    /// <param name="entry">The entry.</param>
    /// <returns>This builder.</returns>
    public StoragePatchBuilder SetAttachment(string attachmentId, StorageAttachmentsEntry entry)
    {
        ArgumentException.ThrowIfNullOrEmpty(attachmentId);
        ArgumentNullException.ThrowIfNull(entry);
        return Set(Escape(attachmentId), entry, KazooStorageJson.GetTypeInfo<StorageAttachmentsEntry>(), "attachments");
    }

    /// <summary>Removes the attachment entry <paramref name="attachmentId"/>.</summary>
    /// <param name="attachmentId">The entry's id.</param>
    /// <returns>This builder.</returns>
    public StoragePatchBuilder RemoveAttachment(string attachmentId)
    {
        ArgumentException.ThrowIfNullOrEmpty(attachmentId);
        return Remove("attachments." + Escape(attachmentId));
    }

    /// <summary>Removes the key at a path (sends <c>null</c>, which Kazoo's PATCH applies as a removal).</summary>
    /// <param name="path">The dotted path.</param>
    /// <returns>This builder.</returns>
    public StoragePatchBuilder Remove(string path)
    {
        Place(path, null);
        return this;
    }

    /// <summary>The patch.</summary>
    public StoragePatch Build()
    {
        using var document = JsonDocument.Parse(_root.ToJsonString());
        return StoragePatch.FromBuilder(document.RootElement.Clone());
    }

    private StoragePatchBuilder Set<T>(string key, T value, JsonTypeInfo<T> typeInfo, string parent) =>
        Set(parent + "." + key, JsonSerializer.SerializeToElement(value, typeInfo));

    private void Place(string path, JsonNode? value)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var segments = path.Split('.').Select(s => s.Replace("%2E", ".", StringComparison.OrdinalIgnoreCase)).ToArray();
        if (segments.Any(s => s.Length == 0))
        {
            throw new ArgumentException("The path '" + path + "' has an empty segment.", nameof(path));
        }

        var current = _root;
        foreach (var segment in segments[..^1])
        {
            if (current[segment] is not JsonObject next)
            {
                next = new JsonObject();
                current[segment] = next;
            }

            current = next;
        }

        current[segments[^1]] = value;
    }

    private static string Escape(string key) => key.Replace(".", "%2E", StringComparison.Ordinal);
}
