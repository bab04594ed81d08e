using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Plans;

/// <summary>
/// Resolves where Kazoo stores documents and attachments for a database, a document type and an owner, from the system,
/// account and owner storage documents — the same decision Kazoo's <c>kzs_plan</c> makes (spec §8). Pure: no I/O, no
/// cache, no clock.
/// </summary>
/// <remarks>
/// <para><b>1. Classify</b> the database (<see cref="Attachments.KazooDatabaseName.Classify"/>).</para>
/// <para><b>2. Merge the plan</b> (<see cref="MergePlan"/>). Documents are serialized with <see cref="KazooStorageJson"/> and
/// deep-merged as JSON trees, so keys the schema does not declare (<c>plan.yodb</c>, custom <c>types</c>, extra
/// <c>params</c>) take part. The system plan is <see cref="StoragePlanDefaults.System"/> ▸ the <c>system</c> document.
/// Account, MODB and YODB databases whose account Kazoo can identify
/// (<see cref="DatabaseClassification.ReadsAccountStorage"/>) use the system plan ▸ the account document when there is one,
/// and, when the query names an owner whose storage document Kazoo would find, that ▸ the owner document. Kazoo keeps
/// users' documents per account, so an owner document whose id is not the owner id, or which belongs to another
/// account (<see cref="StoragePlanInputs.OwnerAccountId"/>, else its <c>pvt_account_id</c>), is not found and the plan
/// is the account's (or, without an account document, the system's). Everything else uses the system plan, whatever the
/// owner (aggregates, resource selectors and lowercase <c>%2f</c> names included, spec correction 7). Later documents win
/// leaf by leaf; a <c>null</c> deletes a key.</para>
/// <para><b>3. Pick the section</b> C = <c>plan.&lt;section&gt;</c>: <c>account</c> (account, resource selectors),
/// <c>modb</c>, <c>yodb</c> (correction 6: its own section, which only the built-in default fills), <c>aggregate</c>, or
/// <c>system</c> for every other class, where the type key is the database name (<c>numbers</c> for number databases) and
/// the document type is ignored. <c>system_config</c> and <c>system_data</c> always use <c>local</c> and no plan;
/// <c>services</c> too, unless the system plan has <c>plan.aggregate</c> (correction 5). When <c>plan.aggregate</c> gives
/// no plan — it is missing, or, in a database-level lookup, its <c>database.names</c> does not list the database — an
/// aggregate database falls back to <c>plan.system</c> with the database name as the type key (<c>services</c> then
/// stays on <c>local</c>). A section without a <c>types</c> object makes Kazoo's lookup fail, so it gives no target
/// (correction 8: <c>plan.aggregate</c> without <c>types</c>).</para>
/// <para><b>4a. With a document type</b> T (case A): TM = <c>C.types[T]</c> or <c>{}</c>; the connection is TM's, else C's,
/// else <c>local</c>; the attachment rule is C's <c>attachments</c> shallow-merged with TM's, so <c>handler</c>,
/// <c>params</c> and <c>stub</c> each replace the class-level value wholesale. <c>database.names</c> is not consulted.</para>
/// <para><b>4b. Without one</b> (case B, a database-level operation): when <c>C.database.names</c> is a non-empty list it
/// must contain the account id (account, MODB, YODB; for names Kazoo cannot decode, what it derives instead), else there
/// is no target; for aggregates it must contain the database name, else step 3's fallback applies. The connection is C's
/// (else <c>local</c>), the other connections are those of C's types, and the attachment rule is C's <c>attachments</c>
/// only.</para>
/// <para><b>5. The backend.</b> No <c>handler</c> in the rule: attachments stay in CouchDB. Otherwise <c>handler</c> is an id
/// in the merged <c>attachments</c> map; an id the map lacks (or an entry without <c>handler</c> or <c>settings</c>)
/// crashes Kazoo's lookup, so it gives no target, with that reason. The effective settings are that entry's
/// <c>settings</c> shallow-merged with the rule's <c>params</c> (params win, even keys the schema does not know such as
/// <c>bucket</c>, <c>url</c> or <c>folder_path</c>); <c>"stub": true</c> makes it <see cref="StorageTargetKind.Stub"/>,
/// else <see cref="StorageTargetKind.External"/>. The effective entry is read back as the generated case record
/// (<see cref="StorageTarget.Backend"/>); if the merged settings no longer fit it (say, a <c>params.bucket</c> that is not a
/// string), there is no target.</para>
/// </remarks>
public static class StoragePlanResolver
{
    private const string Local = "local";

    // Kazoo matches the entry as a map with both keys, so a missing one is a badmatch and the storage operation fails.
    private const string KazooCrashes = "Kazoo's lookup crashes there (a badmatch in kzs_plan) and the operation fails.";

    /// <summary>Resolves <paramref name="query"/> against <paramref name="inputs"/> (see the remarks on <see cref="StoragePlanResolver"/>).</summary>
    /// <param name="inputs">The system, account and owner storage documents; any may be absent.</param>
    /// <param name="query">The database, and optionally the document type and the owner.</param>
    /// <returns>The target; never null. A plan Kazoo cannot use gives <see cref="StorageTargetKind.NoTarget"/>, not an exception.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static StorageTarget Resolve(StoragePlanInputs inputs, StorageQuery query)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(query);
        var classification = KazooDatabaseName.Classify(query.Database);
        var lookup = new Lookup(query, classification);
        var database = query.Database;
        var documentType = string.IsNullOrEmpty(query.DocumentType) ? null : query.DocumentType;

        if (database is "system_config" or "system_data")
        {
            return lookup.AlwaysLocal($"Kazoo keeps {database} on the '{Local}' connection and ignores storage plans.");
        }

        switch (classification.Kind)
        {
            case DatabaseKind.Account or DatabaseKind.Modb or DatabaseKind.Yodb or DatabaseKind.ResourceSelectors:
            {
                var scope = ScopeFor(inputs, classification, query.OwnerId, out var ownerNotUsed);
                if (ownerNotUsed is not null)
                {
                    lookup.Note(ownerNotUsed);
                }

                if (!classification.ReadsAccountStorage)
                {
                    lookup.Note(classification.Kind == DatabaseKind.ResourceSelectors
                        ? "Kazoo does not look up the account's storage documents for a selectors database; the system plan applies."
                        : "Kazoo cannot recover the account id from this name (lowercase %2f or a malformed id); the system plan applies.");
                }
                else if (scope == PlanScope.System && inputs.Account is null)
                {
                    lookup.Note("The account has no storage document; the system plan applies.");
                }

                var plan = Merge(inputs, scope);
                return documentType is null
                    ? lookup.DatabaseLevel(plan, scope, classification.PlanSection, classification.AccountKey)
                    : lookup.TypeLevel(plan, scope, classification.PlanSection, documentType);
            }

            case DatabaseKind.Aggregate:
            {
                var plan = Merge(inputs, PlanScope.System);
                var aggregate = plan["plan"] is JsonObject sections ? sections["aggregate"] : null;
                var noPlan = aggregate is null ? "The system plan has no plan.aggregate"
                    : documentType is null && !Lookup.NamesAllow(aggregate, database) ? $"plan.aggregate.database.names does not list '{database}'"
                    : null;
                if (noPlan is null)
                {
                    return documentType is null
                        ? lookup.DatabaseLevel(plan, PlanScope.System, "aggregate", database)
                        : lookup.TypeLevel(plan, PlanScope.System, "aggregate", documentType);
                }

                if (database == "services")
                {
                    return lookup.AlwaysLocal($"{noPlan}, so Kazoo keeps services on the '{Local}' connection.");
                }

                lookup.Note($"{noPlan}; Kazoo falls back to plan.system with the database name as the type key.");
                return lookup.TypeLevel(plan, PlanScope.System, "system", database);
            }

            default:
            {
                var plan = Merge(inputs, PlanScope.System);
                var typeKey = classification.Kind == DatabaseKind.Numbers ? "numbers" : database;
                if (documentType is not null && documentType != typeKey)
                {
                    lookup.Note($"For the database class '{classification.Name}', Kazoo looks up plan.system.types by '{typeKey}', not by the document type.");
                }

                return lookup.TypeLevel(plan, PlanScope.System, "system", typeKey);
            }
        }
    }

    /// <summary>
    /// The merged storage document for <paramref name="scope"/>: the built-in default ▸ <c>system</c> for
    /// <see cref="PlanScope.System"/> (also for <see cref="PlanScope.None"/>); that ▸ the account document for
    /// <see cref="PlanScope.Account"/>; the account plan (or, without an account document, the system plan) ▸ the owner
    /// document for <see cref="PlanScope.Owner"/>. Absent documents are skipped.
    /// </summary>
    /// <param name="inputs">The storage documents.</param>
    /// <param name="scope">How far to merge.</param>
    /// <returns>The merged document; keys the schema does not declare (such as <c>plan.yodb</c>) are in its extension data.</returns>
    /// <exception cref="JsonException">The merged JSON no longer fits the storage schema's shapes (documents that disagree on a member's type).</exception>
    public static StorageDocument MergePlan(StoragePlanInputs inputs, PlanScope scope)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Merge(inputs, scope).Deserialize(KazooStorageJson.GetTypeInfo<StorageDocument>())!;
    }

    /// <summary>
    /// Which documents Kazoo merges for this classification and owner (spec §8.3); <paramref name="ownerNotUsed"/> says why
    /// the owner the query names does not refine the plan of a database it could refine.
    /// </summary>
    internal static PlanScope ScopeFor(StoragePlanInputs inputs, DatabaseClassification classification, string? ownerId, out string? ownerNotUsed)
    {
        ownerNotUsed = null;
        if (!classification.ReadsAccountStorage)
        {
            return PlanScope.System;
        }

        if (classification.IsAccountScoped && !string.IsNullOrEmpty(ownerId))
        {
            ownerNotUsed = WhyKazooMissesOwnerDocument(inputs, classification.AccountId!, ownerId);
            if (ownerNotUsed is null)
            {
                return PlanScope.Owner;
            }
        }

        return inputs.Account is not null ? PlanScope.Account : PlanScope.System;
    }

    // Kazoo caches a user's storage document under (its pvt_account_id, its id) and looks it up under (the database's
    // account, the owner id): a document that is missing, another user's or another account's is not found.
    private static string? WhyKazooMissesOwnerDocument(StoragePlanInputs inputs, string accountId, string ownerId)
    {
        const string Fallback = "the account plan applies (the system plan when the account has no document).";
        if (inputs.Owner is not { } owner)
        {
            return $"Owner '{ownerId}' has no storage document; {Fallback}";
        }

        if ((owner.Id ?? TextMember(owner, "_id")) is { } id && id != ownerId)
        {
            return $"The owner document given has id '{id}', not '{ownerId}', so owner '{ownerId}' has no storage document; {Fallback}";
        }

        if ((inputs.OwnerAccountId ?? TextMember(owner, "pvt_account_id")) is { } ownerAccount && ownerAccount != accountId)
        {
            return $"The owner document belongs to account '{ownerAccount}', not '{accountId}', and Kazoo looks users' documents up by account; {Fallback}";
        }

        return null;
    }

    private static string? TextMember(StorageDocument document, string name) =>
        document.ExtensionData.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonObject Merge(StoragePlanInputs inputs, PlanScope scope)
    {
        var merged = StoragePlanDefaults.CreateSystemNode();
        MergeDocument(merged, inputs.System);
        if (scope is PlanScope.Account or PlanScope.Owner)
        {
            MergeDocument(merged, inputs.Account);
        }

        if (scope == PlanScope.Owner)
        {
            MergeDocument(merged, inputs.Owner);
        }

        return merged;
    }

    private static void MergeDocument(JsonObject into, StorageDocument? document)
    {
        if (document is not null
            && JsonSerializer.SerializeToNode(document, KazooStorageJson.GetTypeInfo<StorageDocument>()) is JsonObject json)
        {
            JsonDeepMerge.Into(into, json);
        }
    }

    /// <summary>One resolution in progress: the query, its classification, and the notes gathered on the way.</summary>
    private sealed class Lookup(StorageQuery query, DatabaseClassification classification)
    {
        private readonly List<string> _notes = [];

        public void Note(string note) => _notes.Add(note);

        public StorageTarget AlwaysLocal(string why)
        {
            Note(why);
            return Target(StorageTargetKind.CouchDb, PlanScope.None, null, null, Local);
        }

        // Case A: a type key is known.
        public StorageTarget TypeLevel(JsonObject plan, PlanScope scope, string section, string typeKey)
        {
            if (!TrySection(plan, scope, section, typeKey, out var classPlan, out var types, out var failure))
            {
                return failure;
            }

            var where = $"plan.{section}.types.{typeKey}";
            JsonObject typePlan;
            switch (types[typeKey])
            {
                case null:
                    typePlan = [];
                    break;
                case JsonObject found:
                    typePlan = found;
                    break;
                default:
                    return Fail(scope, section, typeKey, $"{where} is not an object.");
            }

            if (!TryString(typePlan, "connection", out var typeConnection) || !TryString(classPlan, "connection", out var classConnection))
            {
                return Fail(scope, section, typeKey, $"The connection in plan.{section} or {where} is not a string.");
            }

            if (!TryObject(classPlan, "attachments", out var classRule) || !TryObject(typePlan, "attachments", out var typeRule))
            {
                return Fail(scope, section, typeKey, $"The attachments rule in plan.{section} or {where} is not an object.");
            }

            var connection = typeConnection ?? classConnection ?? Local;
            var rule = JsonDeepMerge.Shallow(classRule, typeRule);
            if (rule.ContainsKey("handler"))
            {
                Note(typeRule?.ContainsKey("handler") == true
                    ? $"The handler comes from {where}.attachments."
                    : $"The handler comes from plan.{section}.attachments (the type has none).");
            }

            return WithRule(plan, scope, section, typeKey, connection, [], rule);
        }

        // Case B: a database-level operation.
        public StorageTarget DatabaseLevel(JsonObject plan, PlanScope scope, string section, string namesKey)
        {
            if (!TrySection(plan, scope, section, null, out var classPlan, out var types, out var failure))
            {
                return failure;
            }

            if (!NamesAllow(classPlan, namesKey))
            {
                return Fail(scope, section, null, $"plan.{section}.database.names does not list '{namesKey}', so the plan does not apply to this database.");
            }

            if (!TryString(classPlan, "connection", out var classConnection))
            {
                return Fail(scope, section, null, $"The connection in plan.{section} is not a string.");
            }

            if (!TryObject(classPlan, "attachments", out var classRule))
            {
                return Fail(scope, section, null, $"The attachments rule in plan.{section} is not an object.");
            }

            var connection = classConnection ?? Local;
            var others = types
                .Select(t => t.Value is JsonObject typePlan && typePlan["connection"] is JsonValue value && value.TryGetValue<string>(out var c) ? c : null)
                .OfType<string>()
                .Where(c => c != connection)
                .Distinct(StringComparer.Ordinal)
                .Order(StringComparer.Ordinal)
                .ToArray();
            return WithRule(plan, scope, section, null, connection, others, classRule ?? []);
        }

        // Case B's filter: a section whose database.names is a non-empty list applies only to the names listed.
        public static bool NamesAllow(JsonNode classPlan, string namesKey) =>
            classPlan is not JsonObject section
            || section["database"] is not JsonObject database
            || database["names"] is not JsonArray { Count: > 0 } names
            || names.Any(n => n is JsonValue value && value.TryGetValue<string>(out var name) && name == namesKey);

        // plan.<section> and its types, or the failure.
        private bool TrySection(
            JsonObject plan,
            PlanScope scope,
            string section,
            string? typeKey,
            [NotNullWhen(true)] out JsonObject? classPlan,
            [NotNullWhen(true)] out JsonObject? types,
            [NotNullWhen(false)] out StorageTarget? failure)
        {
            classPlan = null;
            types = null;
            failure = null;
            if (plan["plan"] is not JsonObject sections || !sections.TryGetPropertyValue(section, out var node) || node is null)
            {
                failure = Fail(scope, section, typeKey, $"The merged plan has no plan.{section}.");
                return false;
            }

            classPlan = node as JsonObject;
            if (classPlan is null)
            {
                failure = Fail(scope, section, typeKey, $"plan.{section} is not an object.");
                return false;
            }

            types = classPlan["types"] as JsonObject;
            if (types is null)
            {
                failure = Fail(scope, section, typeKey, $"plan.{section} has no 'types' object, and Kazoo's lookup fails without one.");
                return false;
            }

            return true;
        }

        private StorageTarget WithRule(JsonObject plan, PlanScope scope, string section, string? typeKey, string connection, IReadOnlyList<string> others, JsonObject rule)
        {
            if (plan["connections"] is JsonObject connections && !connections.ContainsKey(connection))
            {
                Note($"The connection '{connection}' is not in the merged connections map; Kazoo would use an empty server and document I/O would fail.");
            }

            if (!rule.TryGetPropertyValue("handler", out var handlerNode) || handlerNode is null)
            {
                return Target(StorageTargetKind.CouchDb, scope, section, typeKey, connection, others);
            }

            if (handlerNode is not JsonValue handlerValue || !handlerValue.TryGetValue<string>(out var handlerId))
            {
                return Fail(scope, section, typeKey, "The plan's attachment handler is not a string id.");
            }

            if (plan["attachments"] is not JsonObject attachments || attachments[handlerId] is not JsonObject entry)
            {
                return Fail(scope, section, typeKey,
                    $"The plan names attachment handler '{handlerId}', but the merged attachments map has no entry with that id; {KazooCrashes}",
                    handlerId);
            }

            if (entry["handler"] is not JsonValue kindValue || !kindValue.TryGetValue<string>(out var handlerKind))
            {
                return Fail(scope, section, typeKey, $"The attachments entry '{handlerId}' has no handler (backend kind); {KazooCrashes}", handlerId);
            }

            if (entry["settings"] is not JsonObject settings)
            {
                return Fail(scope, section, typeKey, $"The attachments entry '{handlerId}' has no settings object; {KazooCrashes}", handlerId, handlerKind);
            }

            if (!TryObject(rule, "params", out var parameters))
            {
                return Fail(scope, section, typeKey, "The plan's attachment params are not an object.", handlerId, handlerKind);
            }

            var effective = JsonDeepMerge.Shallow(settings, parameters);
            var effectiveElement = JsonElement.Parse(effective.ToJsonString());
            var effectiveEntry = entry.DeepClone().AsObject();
            effectiveEntry["settings"] = effective;
            StorageAttachmentsEntry backend;
            try
            {
                backend = effectiveEntry.Deserialize(KazooStorageJson.GetTypeInfo<StorageAttachmentsEntry>())!;
            }
            catch (JsonException error)
            {
                return Fail(scope, section, typeKey,
                    $"The effective settings of attachments entry '{handlerId}' ({handlerKind}) do not fit its schema: {error.Message}",
                    handlerId, handlerKind, effectiveElement);
            }

            var stub = rule["stub"] is JsonValue stubValue && stubValue.GetValueKind() == JsonValueKind.True;
            return new StorageTarget(query, classification, stub ? StorageTargetKind.Stub : StorageTargetKind.External, scope, section, typeKey,
                connection, others, handlerId, handlerKind, backend, effectiveElement, reason: null, _notes.ToArray());
        }

        private StorageTarget Target(StorageTargetKind kind, PlanScope scope, string? section, string? typeKey, string connection, IReadOnlyList<string>? others = null) =>
            new(query, classification, kind, scope, section, typeKey, connection, others ?? [], null, null, null, null, null, _notes.ToArray());

        private StorageTarget Fail(PlanScope scope, string section, string? typeKey, string reason, string? handlerId = null, string? handlerKind = null, JsonElement? settings = null) =>
            new(query, classification, StorageTargetKind.NoTarget, scope, section, typeKey, null, [], handlerId, handlerKind, null, settings, reason, _notes.ToArray());

        // A member that is absent or a string.
        private static bool TryString(JsonObject owner, string name, out string? value)
        {
            value = null;
            var node = owner[name];
            return node is null || (node is JsonValue v && v.TryGetValue(out value));
        }

        // A member that is absent or an object.
        private static bool TryObject(JsonObject owner, string name, out JsonObject? value)
        {
            var node = owner[name];
            value = node as JsonObject;
            return node is null || value is not null;
        }
    }
}
