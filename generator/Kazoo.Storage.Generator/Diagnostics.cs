using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator;

/// <summary>Every diagnostic the generator reports, in one place. Ids are stable: never reuse or renumber one.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "Kazoo.Storage.Generator";

    public static readonly DiagnosticDescriptor MalformedJson = new(
        "KZS001", "Schema file is not valid JSON",
        "The Kazoo schema file is not valid JSON: {0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnresolvedReference = new(
        "KZS002", "Unresolved schema reference",
        "'$ref' '{0}' names no schema: no KazooSchema file has that _id or id, and no part of one is at that JSON pointer or plain name", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor DuplicateSchemaId = new(
        "KZS003", "Duplicate schema id",
        "The schema id '{0}' is declared by more than one file (also in {1}); this file is ignored", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnsupportedConstruct = new(
        "KZS004", "Unsupported schema construct",
        "{0} is not supported here; {1}", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor TypeNameCollision = new(
        "KZS005", "Type name collision",
        "The generated type name '{0}' is already taken by {1}; this schema's type is named '{2}' instead", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidRegex = new(
        "KZS006", "Invalid regular expression",
        "The {0} '{1}' is not a valid regular expression: {2}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor LikelyKeywordTypo = new(
        "KZS007", "Likely typo of a schema keyword",
        "'{0}' is not a JSON Schema keyword or type name and is ignored; did you mean '{1}'?", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor UnknownKeyword = new(
        "KZS008", "Unknown keyword ignored",
        "'{0}' is not a keyword the generator knows; it is ignored", Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor MissingRuntime = new(
        "KZS009", "Kazoo.Storage is not referenced",
        "Generated Kazoo schema types need the Kazoo.Storage library (namespace Kazoo.Storage.Serialization); add a reference to it", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor GeneratorFailure = new(
        "KZS010", "The schema generator failed",
        "The Kazoo schema generator could not process the schemas: {0}", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidSchemaId = new(
        "KZS011", "Schema id missing",
        "The schema has no '_id'; the file name '{0}' is used as its id", Category, DiagnosticSeverity.Info, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ReferenceCycle = new(
        "KZS012", "Reference cycle",
        "'$ref' '{0}' leads back to itself through references only, so it names no schema", Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor InvalidItemMetadata = new(
        "KZS013", "Invalid KazooSchema metadata",
        "GenerateTypes=\"{0}\" is neither true nor false; the file's types are generated", Category, DiagnosticSeverity.Warning, isEnabledByDefault: true);

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new()
    {
        [MalformedJson.Id] = MalformedJson,
        [UnresolvedReference.Id] = UnresolvedReference,
        [DuplicateSchemaId.Id] = DuplicateSchemaId,
        [UnsupportedConstruct.Id] = UnsupportedConstruct,
        [TypeNameCollision.Id] = TypeNameCollision,
        [InvalidRegex.Id] = InvalidRegex,
        [LikelyKeywordTypo.Id] = LikelyKeywordTypo,
        [UnknownKeyword.Id] = UnknownKeyword,
        [MissingRuntime.Id] = MissingRuntime,
        [GeneratorFailure.Id] = GeneratorFailure,
        [InvalidSchemaId.Id] = InvalidSchemaId,
        [ReferenceCycle.Id] = ReferenceCycle,
        [InvalidItemMetadata.Id] = InvalidItemMetadata,
    };

    public static DiagnosticDescriptor ById(string id) => s_byId[id];
}
