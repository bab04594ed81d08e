using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Kazoo.Storage.Generator.Linking;

/// <summary>
/// How generated names are derived (documented for schema authors in the README):
/// a schema id becomes a type name by PascalCasing its dot- and underscore-separated words
/// (<c>storage.attachment.google_drive</c> → <c>StorageAttachmentGoogleDrive</c>); an inline object is named
/// after its parent type and property (<c>StorageAttachmentAwsSettings</c>); map values add <c>Entry</c>,
/// array items <c>Item</c>; JSON member names become PascalCase properties the same way. Clashes get a numeric
/// suffix, in a deterministic order, and a KZS005 warning.
/// </summary>
internal static class Naming
{
    public static string TypeNameFromId(string id) => Identifier(Pascal(id));

    public static string Pascal(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var word in text.Split(new[] { '.', '_', '-', ' ', '/', ':' }, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(char.ToUpperInvariant(word[0]));
            builder.Append(word, 1, word.Length - 1);
        }

        return builder.ToString();
    }

    /// <summary>A JSON member name as a C# property name: each word capitalised (<c>bucket_access_method</c> → <c>BucketAccessMethod</c>).</summary>
    public static string PropertyName(string jsonName) => Identifier(Pascal(jsonName));

    /// <summary>Makes any text a valid C# identifier: invalid characters become '_', a leading digit gets '_'.</summary>
    public static string Identifier(string text)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            builder.Append(SyntaxFacts.IsIdentifierPartCharacter(c) ? c : '_');
        }

        if (builder.Length == 0 || !SyntaxFacts.IsIdentifierStartCharacter(builder[0]))
        {
            builder.Insert(0, builder.Length == 0 ? "Value" : "_");
        }

        var result = builder.ToString();
        return SyntaxFacts.GetKeywordKind(result) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(result) == SyntaxKind.VarKeyword
            ? "@" + result
            : result;
    }

    /// <summary>An enum member name for a JSON string value.</summary>
    public static string EnumMember(string value)
    {
        var pascal = Pascal(value);
        return Identifier(pascal.Length == 0 ? "Empty" : pascal);
    }

    /// <summary>Names secret members by their JSON name: never printed by ToString() (the SDK's one rule, linked in).</summary>
    public static bool IsSecret(string jsonName) => Kazoo.Storage.Serialization.SecretMemberNames.IsSecret(jsonName);

    /// <summary>Gives out unique names from a scope, suffixing 2, 3, … on a clash.</summary>
    public sealed class Scope
    {
        private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

        public Scope(IEnumerable<string>? reserved = null)
        {
            foreach (var name in reserved ?? Enumerable.Empty<string>())
            {
                _owners[name] = "a reserved name";
            }
        }

        public bool IsTaken(string name) => _owners.ContainsKey(name);

        public string? OwnerOf(string name) => _owners.TryGetValue(name, out var owner) ? owner : null;

        public void Reserve(string name, string owner) => _owners[name] = owner;

        public string Allocate(string wanted, string owner)
        {
            var name = wanted;
            for (var i = 2; _owners.ContainsKey(name); i++)
            {
                name = wanted + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            _owners[name] = owner;
            return name;
        }
    }
}
