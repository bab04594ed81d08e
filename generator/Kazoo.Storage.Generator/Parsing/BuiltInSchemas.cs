using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>Schemas every compilation can <c>$ref</c> without a file of its own.</summary>
internal static class BuiltInSchemas
{
    private static readonly Lazy<Dictionary<string, string>> s_storage = new(LoadStorage, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// The text of the SDK's storage schema with this id (<c>storage</c>, <c>storage.attachments</c>, …), compiled into
    /// Kazoo.Storage: a user's schema may refer to them by id. Null for any other id.
    /// </summary>
    public static string? Storage(string id) => s_storage.Value.TryGetValue(id, out var text) ? text : null;

    private static Dictionary<string, string> LoadStorage()
    {
        const string Prefix = "KazooSchemas/";
        var assembly = typeof(BuiltInSchemas).Assembly;
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
            texts[Path.GetFileNameWithoutExtension(name.Substring(Prefix.Length))] = reader.ReadToEnd();
        }

        return texts;
    }

    /// <summary>
    /// The draft-04 meta-schema, <c>http://json-schema.org/draft-04/schema#</c>, as the specification publishes it
    /// (IETF draft-zyp-json-schema-04, section 4): what a schema that validates schemas refers to.
    /// </summary>
    public const string Draft04 = """
        {
            "id": "http://json-schema.org/draft-04/schema#",
            "$schema": "http://json-schema.org/draft-04/schema#",
            "description": "Core schema meta-schema",
            "definitions": {
                "schemaArray": { "type": "array", "minItems": 1, "items": { "$ref": "#" } },
                "positiveInteger": { "type": "integer", "minimum": 0 },
                "positiveIntegerDefault0": { "allOf": [ { "$ref": "#/definitions/positiveInteger" }, { "default": 0 } ] },
                "simpleTypes": { "enum": [ "array", "boolean", "integer", "null", "number", "object", "string" ] },
                "stringArray": { "type": "array", "items": { "type": "string" }, "minItems": 1, "uniqueItems": true }
            },
            "type": "object",
            "properties": {
                "id": { "type": "string" },
                "$schema": { "type": "string" },
                "title": { "type": "string" },
                "description": { "type": "string" },
                "default": {},
                "multipleOf": { "type": "number", "minimum": 0, "exclusiveMinimum": true },
                "maximum": { "type": "number" },
                "exclusiveMaximum": { "type": "boolean", "default": false },
                "minimum": { "type": "number" },
                "exclusiveMinimum": { "type": "boolean", "default": false },
                "maxLength": { "$ref": "#/definitions/positiveInteger" },
                "minLength": { "$ref": "#/definitions/positiveIntegerDefault0" },
                "pattern": { "type": "string", "format": "regex" },
                "additionalItems": { "anyOf": [ { "type": "boolean" }, { "$ref": "#" } ], "default": {} },
                "items": { "anyOf": [ { "$ref": "#" }, { "$ref": "#/definitions/schemaArray" } ], "default": {} },
                "maxItems": { "$ref": "#/definitions/positiveInteger" },
                "minItems": { "$ref": "#/definitions/positiveIntegerDefault0" },
                "uniqueItems": { "type": "boolean", "default": false },
                "maxProperties": { "$ref": "#/definitions/positiveInteger" },
                "minProperties": { "$ref": "#/definitions/positiveIntegerDefault0" },
                "required": { "$ref": "#/definitions/stringArray" },
                "additionalProperties": { "anyOf": [ { "type": "boolean" }, { "$ref": "#" } ], "default": {} },
                "definitions": { "type": "object", "additionalProperties": { "$ref": "#" }, "default": {} },
                "properties": { "type": "object", "additionalProperties": { "$ref": "#" }, "default": {} },
                "patternProperties": { "type": "object", "additionalProperties": { "$ref": "#" }, "default": {} },
                "dependencies": { "type": "object", "additionalProperties": { "anyOf": [ { "$ref": "#" }, { "$ref": "#/definitions/stringArray" } ] } },
                "enum": { "type": "array", "minItems": 1, "uniqueItems": true },
                "type": {
                    "anyOf": [
                        { "$ref": "#/definitions/simpleTypes" },
                        { "type": "array", "items": { "$ref": "#/definitions/simpleTypes" }, "minItems": 1, "uniqueItems": true }
                    ]
                },
                "format": { "type": "string" },
                "allOf": { "$ref": "#/definitions/schemaArray" },
                "anyOf": { "$ref": "#/definitions/schemaArray" },
                "oneOf": { "$ref": "#/definitions/schemaArray" },
                "not": { "$ref": "#" }
            },
            "dependencies": {
                "exclusiveMaximum": [ "maximum" ],
                "exclusiveMinimum": [ "minimum" ]
            },
            "default": {}
        }
        """;
}
