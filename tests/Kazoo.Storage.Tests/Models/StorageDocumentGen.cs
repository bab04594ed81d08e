using System.Text.Json;
using CsCheck;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;

namespace Kazoo.Storage.Tests.Models;

/// <summary>CsCheck generators for storage documents: every handler kind, plans, extension members, awkward text.</summary>
internal static class StorageDocumentGen
{
    private static Gen<T> Pick<T>(params T[] values) => Gen.OneOf(values.Select(Gen.Const).ToArray());

    private static readonly Gen<string> Text = Gen.OneOf(
        Gen.String[Gen.Char.AlphaNumeric, 0, 12],
        Gen.String[0, 16],
        Gen.Const("quote \" back\\slash / slash"),
        Gen.Const("naïve 😀 日本語"),
        Gen.Const(""));

    private static readonly Gen<string> Id = Gen.String[Gen.Char["0123456789abcdef"], 32, 32];

    private static readonly Gen<JsonElement> Json = Gen.OneOf(
        Gen.Int.Select(i => JsonSerializer.SerializeToElement(i)),
        Text.Select(s => JsonSerializer.SerializeToElement(s)),
        Gen.Bool.Select(b => JsonSerializer.SerializeToElement(b)),
        Gen.Const(JsonSerializer.SerializeToElement<object?>(null)),
        Gen.Double[-1e9, 1e9].Select(d => JsonSerializer.SerializeToElement(d)),
        Gen.Const(JsonDocument.Parse("""{"nested":[1,{"a":null}],"x":"y"}""").RootElement.Clone()));

    /// <summary>Extension members with names no schema declares (and the private prefixes Kazoo uses).</summary>
    private static Gen<JsonExtensionData> Extension(params string[] declared) =>
        Gen.Select(Gen.OneOf(Gen.Const("_sig"), Gen.Const("pvt_x"), Gen.Const("_id"), Gen.String[Gen.Char.AlphaNumeric, 1, 8].Select(s => "x_" + s)), Json)
            .Array[0, 3]
            .Select(members => JsonExtensionData.Create(members
                .Where(m => !declared.Contains(m.Item1))
                .Select(m => new KeyValuePair<string, JsonElement>(m.Item1, m.Item2))));

    private static readonly Gen<StorageAttachmentsField> Field = Gen.OneOf(
        Pick("account_id", "db", "id", "attachment", "other").Select(a => new StorageAttachmentsField { Arg = a }),
        Text.Select(c => new StorageAttachmentsField { Const = c }),
        Text.Select(f => new StorageAttachmentsField { Field = f }),
        Pick("id", "attachment").Array[1, 3].Select(args => new StorageAttachmentsField
        {
            Group = args.Select(a => new StorageAttachmentsField { Arg = a }).ToArray(),
        }));

    private static readonly Gen<StorageAttachmentsEntry> Aws =
        Gen.Select(Text, Text, Text, Gen.Long[0, 65535].Nullable(), Pick<StorageAttachmentAwsSettingsScheme?>(null, StorageAttachmentAwsSettingsScheme.Https, "ftp"), Field.Array[0, 3].Null(), Extension("handler", "name", "settings"))
            .Select((bucket, key, secret, port, scheme, fields, extension) => (StorageAttachmentsEntry)new StorageAttachmentAws
            {
                Name = bucket.Length % 2 == 0 ? null : "S3 " + bucket,
                Settings = new StorageAttachmentAwsSettings
                {
                    Bucket = bucket,
                    Key = key,
                    Secret = secret,
                    Port = port,
                    Scheme = scheme,
                    FieldList = fields,
                },
                ExtensionData = extension,
            });

    private static readonly Gen<StorageAttachmentsEntry> Http =
        Gen.Select(Text, Pick<StorageAttachmentHttpSettingsVerb?>(null, StorageAttachmentHttpSettingsVerb.Put, StorageAttachmentHttpSettingsVerb.Post), Gen.Bool.Nullable(), Extension("handler", "name", "settings"))
            .Select((url, verb, multipart, extension) => (StorageAttachmentsEntry)new StorageAttachmentHttp
            {
                Settings = new StorageAttachmentHttpSettings { Url = "https://" + url, Verb = verb, SendMultipart = multipart },
                ExtensionData = extension,
            });

    private static readonly Gen<StorageAttachmentsEntry> Drive =
        Gen.Select(Text, Text.Null(), Extension("handler", "name", "settings"))
            .Select((doc, folder, extension) => (StorageAttachmentsEntry)new StorageAttachmentGoogleDrive
            {
                Settings = new StorageAttachmentGoogleDriveSettings { OauthDocId = doc, FolderId = folder },
                ExtensionData = extension,
            });

    private static readonly Gen<StorageAttachmentsEntry> Unknown =
        Gen.Select(Pick<string?>("ftp", "link", null), Extension("handler"))
            .Select((handler, extension) => (StorageAttachmentsEntry)new UnknownStorageAttachmentsEntry { Handler = handler, ExtensionData = extension });

    private static readonly Gen<StoragePlanDatabaseAttachment> PlanAttachment =
        Gen.Select(Id.Null(), Gen.Bool.Nullable(), Text.Null())
            .Select((handler, stub, folder) => new StoragePlanDatabaseAttachment
            {
                Handler = handler,
                Stub = stub,
                Params = folder is null ? null : new StoragePlanDatabaseAttachmentParams { FolderPath = folder },
            });

    private static readonly Gen<StoragePlanDatabaseDocument?> PlanDocument =
        Gen.Select(PlanAttachment.Null(), Pick<string?>(null, "local"))
            .Select((attachments, connection) => attachments is null && connection is null
                ? null
                : new StoragePlanDatabaseDocument { Attachments = attachments, Connection = connection });

    private static readonly Gen<StoragePlanDatabase> PlanDatabase =
        Gen.Select(PlanAttachment.Null(), PlanDocument, PlanDocument, Pick<string?>(null, "local"), Extension("attachments", "connection", "database", "types"))
            .Select((attachments, voicemail, recording, connection, extension) => new StoragePlanDatabase
            {
                Attachments = attachments,
                Connection = connection,
                Types = voicemail is null && recording is null ? null : new StoragePlanDatabaseTypes { MailboxMessage = voicemail, CallRecording = recording },
                ExtensionData = extension,
            });

    public static readonly Gen<StorageDocument> Document =
        Gen.Select(
                Gen.Select(Id, Gen.OneOf(Aws, Http, Drive, Unknown)).Array[0, 6],
                Gen.Select(PlanDatabase.Null(), PlanDatabase.Null(), PlanDatabase.Null()),
                Text.Null(),
                Extension("attachments", "connections", "id", "plan", "ui_metadata"))
            .Select((attachments, plan, id, extension) => new StorageDocument
            {
                Attachments = attachments.Length == 0 ? null : ReadOnlyJsonMap<StorageAttachmentsEntry>.From(attachments.Select(a => new KeyValuePair<string, StorageAttachmentsEntry>(a.Item1, a.Item2))),
                Plan = plan.Item1 is null && plan.Item2 is null && plan.Item3 is null ? null : new StoragePlan { Account = plan.Item1, Modb = plan.Item2, System = plan.Item3 },
                Id = id,
                ExtensionData = extension,
            });
}
