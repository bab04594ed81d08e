using System.Buffers;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Plans;

/// <summary>
/// Where Kazoo stores data for one <see cref="StorageQuery"/>: the result of <see cref="StoragePlanResolver.Resolve"/>.
/// </summary>
/// <remarks>
/// <para><see cref="Kind"/> says what happens to attachments: they stay in CouchDB, go to a backend (<c>external</c>, or
/// <c>stub</c> = backend plus CouchDB), or there is no target and Kazoo's lookup fails (<see cref="Reason"/>).</para>
/// <para>For a backend, <see cref="Backend"/> is the <c>attachments</c> entry with the plan's <c>params</c> merged over its
/// <c>settings</c>, as the generated case record (<see cref="StorageAttachmentAws"/>, <see cref="StorageAttachmentHttp"/>, …),
/// ready for an <see cref="IAttachmentHandler"/>; <see cref="BuildObjectName"/> gives the name Kazoo stores an attachment
/// under.</para>
/// <para><see cref="ToString"/> never prints settings; <see cref="WriteTo"/> and <see cref="ToJson"/> mask secret settings
/// (<c>key</c>, <c>secret</c>, <c>password</c>, tokens, …) unless asked to reveal them.</para>
/// </remarks>
public sealed class StorageTarget
{
    private readonly JsonElement? _effectiveSettings;

    internal StorageTarget(
        StorageQuery query,
        DatabaseClassification classification,
        StorageTargetKind kind,
        PlanScope scope,
        string? planSection,
        string? typeKey,
        string? connection,
        IReadOnlyList<string> otherConnections,
        string? attachmentHandlerId,
        string? attachmentHandlerKind,
        StorageAttachmentsEntry? backend,
        JsonElement? effectiveSettings,
        string? reason,
        IReadOnlyList<string> notes)
    {
        Query = query;
        Classification = classification;
        Kind = kind;
        Scope = scope;
        PlanSection = planSection;
        TypeKey = typeKey;
        Connection = connection;
        OtherConnections = otherConnections;
        AttachmentHandlerId = attachmentHandlerId;
        AttachmentHandlerKind = attachmentHandlerKind;
        Backend = backend;
        _effectiveSettings = effectiveSettings;
        Reason = reason;
        Notes = notes;
    }

    /// <summary>The lookup this target answers.</summary>
    public StorageQuery Query { get; }

    /// <summary>How Kazoo classifies the database.</summary>
    public DatabaseClassification Classification { get; }

    /// <summary>What happens to attachments.</summary>
    public StorageTargetKind Kind { get; }

    /// <summary>Whether Kazoo finds a usable plan (anything but <see cref="StorageTargetKind.NoTarget"/>).</summary>
    public bool HasTarget => Kind != StorageTargetKind.NoTarget;

    /// <summary>Whether attachments go to a backend (<see cref="StorageTargetKind.External"/> or <see cref="StorageTargetKind.Stub"/>).</summary>
    public bool UsesAttachmentHandler => Kind is StorageTargetKind.External or StorageTargetKind.Stub;

    /// <summary>Whether the rule says <c>"stub": true</c> (upload to the backend and keep the CouchDB copy).</summary>
    public bool IsStub => Kind == StorageTargetKind.Stub;

    /// <summary>Which storage documents made the plan that was used.</summary>
    public PlanScope Scope { get; }

    /// <summary>
    /// The <c>plan</c> section used (<c>account</c>, <c>modb</c>, <c>yodb</c>, <c>aggregate</c>, <c>system</c>): usually
    /// <see cref="DatabaseClassification.PlanSection"/>, but <c>system</c> when an aggregate database falls back. Null when no
    /// plan applies.
    /// </summary>
    public string? PlanSection { get; }

    /// <summary>
    /// The key looked up in the section's <c>types</c>: the document type, the database name (system-class databases and
    /// the aggregate fallback) or <c>numbers</c>. Null for a database-level lookup.
    /// </summary>
    public string? TypeKey { get; }

    /// <summary>
    /// The CouchDB connection for the documents: a key of the merged <c>connections</c> map, or <c>local</c>. Null when there
    /// is no target.
    /// </summary>
    public string? Connection { get; }

    /// <summary>For a database-level lookup, the other connections the section's types use (sorted, without <see cref="Connection"/>).</summary>
    public IReadOnlyList<string> OtherConnections { get; }

    /// <summary>The 32-character id of the <c>attachments</c> entry the plan names (<c>plan…attachments.handler</c>), if any.</summary>
    public string? AttachmentHandlerId { get; }

    /// <summary>The backend kind of that entry (its <c>handler</c>: <c>s3</c>, <c>google_drive</c>, <c>http</c>, …), if known.</summary>
    public string? AttachmentHandlerKind { get; }

    /// <summary>
    /// The effective backend: the <c>attachments</c> entry with the rule's <c>params</c> shallow-merged over its
    /// <c>settings</c> (params win, keys the schema does not declare included). Null unless <see cref="UsesAttachmentHandler"/>.
    /// </summary>
    public StorageAttachmentsEntry? Backend { get; }

    /// <summary>The effective settings as JSON (a copy; contains secrets), when a handler entry was found.</summary>
    public JsonElement? EffectiveSettings => _effectiveSettings;

    /// <summary>Why there is no target (null otherwise).</summary>
    public string? Reason { get; }

    /// <summary>Remarks on how the target was found, and warnings (e.g. a connection the merged plan does not define).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// The name Kazoo stores <paramref name="location"/> under in <see cref="Backend"/> (spec §7.2): the S3 key, the Drive
    /// path, the segment after an HTTP backend's URL.
    /// </summary>
    /// <param name="location">The attachment.</param>
    /// <exception cref="InvalidOperationException">The target has no backend (<see cref="UsesAttachmentHandler"/> is false).</exception>
    public string BuildObjectName(AttachmentLocation location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (Backend is null)
        {
            throw new InvalidOperationException($"The target for database '{Query.Database}' has no attachment backend ({KindName(Kind)}).");
        }

        return AttachmentObjectName.Build(Backend, location);
    }

    /// <summary>
    /// Writes the target as one JSON object with the keys <c>database</c>, <c>classification</c>, <c>account_id</c>,
    /// <c>target</c> (<c>couchdb</c>, <c>external</c>, <c>stub</c> or <c>none</c>), <c>reason</c>, <c>plan</c>
    /// (<c>system</c>, <c>account</c>, <c>owner</c> or <c>none</c>), <c>plan_section</c>, <c>type_key</c>,
    /// <c>connection</c>, <c>other_connections</c>, <c>attachment_handler_id</c>, <c>attachment_handler_kind</c>,
    /// <c>effective_settings</c>, <c>stub</c> (null without a handler), <c>object_name</c> (when a location is given and
    /// there is a backend, else null) and <c>notes</c>.
    /// </summary>
    /// <param name="writer">The writer.</param>
    /// <param name="location">An attachment to name, or null.</param>
    /// <param name="revealSecrets">Whether to write secret settings as they are; by default they are masked.</param>
    public void WriteTo(Utf8JsonWriter writer, AttachmentLocation? location = null, bool revealSecrets = false)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString("database", Query.Database);
        writer.WriteString("classification", Classification.Name);
        WriteNullable(writer, "account_id", Classification.AccountId);
        writer.WriteString("target", KindName(Kind));
        WriteNullable(writer, "reason", Reason);
        writer.WriteString("plan", ScopeName(Scope));
        WriteNullable(writer, "plan_section", PlanSection);
        WriteNullable(writer, "type_key", TypeKey);
        WriteNullable(writer, "connection", Connection);
        writer.WriteStartArray("other_connections");
        foreach (var other in OtherConnections)
        {
            writer.WriteStringValue(other);
        }

        writer.WriteEndArray();
        WriteNullable(writer, "attachment_handler_id", AttachmentHandlerId);
        WriteNullable(writer, "attachment_handler_kind", AttachmentHandlerKind);
        writer.WritePropertyName("effective_settings");
        if (_effectiveSettings is { } settings)
        {
            if (revealSecrets)
            {
                settings.WriteTo(writer);
            }
            else
            {
                SecretMask.WriteMasked(writer, settings, isSecret: false);
            }
        }
        else
        {
            writer.WriteNullValue();
        }

        if (UsesAttachmentHandler)
        {
            writer.WriteBoolean("stub", IsStub);
        }
        else
        {
            writer.WriteNull("stub");
        }

        WriteNullable(writer, "object_name", location is not null && Backend is not null ? BuildObjectName(location) : null);
        writer.WriteStartArray("notes");
        foreach (var note in Notes)
        {
            writer.WriteStringValue(note);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>The target as JSON text (see <see cref="WriteTo"/> for the keys).</summary>
    /// <param name="location">An attachment to name, or null.</param>
    /// <param name="revealSecrets">Whether to write secret settings as they are; by default they are masked.</param>
    /// <param name="indented">Whether to indent the output.</param>
    public string ToJson(AttachmentLocation? location = null, bool revealSecrets = false, bool indented = true)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            WriteTo(writer, location, revealSecrets);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>A one-line summary without settings (so without secrets).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(Query.Database).Append(" (").Append(Classification.Name);
        if (TypeKey is not null)
        {
            text.Append(", type key ").Append(TypeKey);
        }

        text.Append(", ").Append(Scope == PlanScope.None ? "no" : ScopeName(Scope)).Append(" plan): ");
        switch (Kind)
        {
            case StorageTargetKind.NoTarget:
                text.Append("no target: ").Append(Reason);
                break;
            case StorageTargetKind.CouchDb:
                text.Append("CouchDB on connection ").Append(Connection);
                break;
            default:
                text.Append(KindName(Kind)).Append(" to ").Append(AttachmentHandlerKind).Append(' ').Append(AttachmentHandlerId)
                    .Append(", documents on connection ").Append(Connection);
                break;
        }

        return text.ToString();
    }

    private static string KindName(StorageTargetKind kind) => kind switch
    {
        StorageTargetKind.CouchDb => "couchdb",
        StorageTargetKind.External => "external",
        StorageTargetKind.Stub => "stub",
        _ => "none",
    };

    private static string ScopeName(PlanScope scope) => scope switch
    {
        PlanScope.System => "system",
        PlanScope.Account => "account",
        PlanScope.Owner => "owner",
        _ => "none",
    };

    private static void WriteNullable(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
        {
            writer.WriteNull(name);
        }
        else
        {
            writer.WriteString(name, value);
        }
    }
}
