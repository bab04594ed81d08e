using System.Net;
using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>
/// Kazoo's <c>kazoo-validation</c> extension rules that need no server data (spec §5.2), keyed like Kazoo's
/// <c>&lt;schema id&gt;.&lt;property&gt;</c>. Rules that need the server's databases (an <c>oauth_doc_id</c> must exist)
/// are left to the server.
/// </summary>
internal static class KazooRules
{
    private const string StorageSchema = "storage";

    /// <summary>Returns Kazoo's error message when the rule fails, or null.</summary>
    /// <param name="key">The rule key, <c>&lt;schema id&gt;.&lt;property&gt;</c>.</param>
    /// <param name="value">The string value the rule checks.</param>
    /// <param name="document">The whole document (cross-document rules look at its top-level members).</param>
    /// <param name="rootSchemaId">The schema the document is validated against.</param>
    /// <param name="options">The validation options.</param>
    /// <param name="members">Where the document's top-level members start, found once per validation.</param>
    public static string? Check(string key, ReadOnlySpan<char> value, ReadOnlySpan<byte> document, string rootSchemaId, ValidationOptions options, ref TopLevelMembers members) => key switch
    {
        "storage.attachment.http.url" => IsAllowedClientUrl(value, options) ? null : "invalid client URL",
        "storage.plan.database.attachment.handler" when options.CheckReferences && rootSchemaId == StorageSchema =>
            HasKey(document, members.Attachments(document), value) ? null : "invalid reference '" + value.ToString() + "' to attachments",
        "storage.plan.database.document.connection" when options.CheckReferences && rootSchemaId == StorageSchema =>
            HasKey(document, members.Connections(document), value) ? null : "invalid reference '" + value.ToString() + "' to connections",
        _ => null,
    };

    /// <summary>
    /// An http(s) URL whose host is not on the blacklist (names, or networks for IP hosts). Parsed from the span, so a
    /// valid URL with a host name costs no allocation.
    /// </summary>
    private static bool IsAllowedClientUrl(ReadOnlySpan<char> value, ValidationOptions options)
    {
        ReadOnlySpan<char> rest;
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            rest = value[7..];
        }
        else if (value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            rest = value[8..];
        }
        else
        {
            return false;
        }

        var authority = rest[..IndexOfAnyOrLength(rest, "/?#")];
        var at = authority.LastIndexOf('@');
        var hostAndPort = at >= 0 ? authority[(at + 1)..] : authority;
        ReadOnlySpan<char> host;
        if (hostAndPort.StartsWith("["))
        {
            var close = hostAndPort.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            host = hostAndPort[1..close];
        }
        else
        {
            var colon = hostAndPort.IndexOf(':');
            host = colon >= 0 ? hostAndPort[..colon] : hostAndPort;
        }

        if (host.IsEmpty || host.ContainsAny(" \t\\"))
        {
            return false;
        }

        for (var i = 0; i < options.BlacklistedHosts.Count; i++)
        {
            var blocked = options.BlacklistedHosts[i];
            if (host.Equals(blocked, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        if (options.BlacklistedNetworks.Count > 0 && (char.IsAsciiDigit(host[0]) || host.Contains(':')) && IPAddress.TryParse(host, out var address))
        {
            for (var i = 0; i < options.BlacklistedNetworks.Count; i++)
            {
                var network = options.BlacklistedNetworks[i];
                if (network.Contains(address))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static int IndexOfAnyOrLength(ReadOnlySpan<char> text, string characters)
    {
        var index = text.IndexOfAny(characters);
        return index < 0 ? text.Length : index;
    }

    /// <summary>Whether the object starting at <paramref name="offset"/> (or none, when -1) has the key <paramref name="key"/>.</summary>
    private static bool HasKey(ReadOnlySpan<byte> document, int offset, ReadOnlySpan<char> key)
    {
        if (offset < 0)
        {
            return false;
        }

        var reader = new Utf8JsonReader(document[offset..]);
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals(key))
            {
                return true;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }
}

/// <summary>
/// The byte offsets of the document's top-level <c>attachments</c> and <c>connections</c> objects, found with one
/// scan the first time a reference rule needs them (-1: not there, or not an object).
/// </summary>
internal struct TopLevelMembers
{
    private bool _scanned;
    private int _attachments;
    private int _connections;

    public int Attachments(ReadOnlySpan<byte> document)
    {
        Scan(document);
        return _attachments;
    }

    public int Connections(ReadOnlySpan<byte> document)
    {
        Scan(document);
        return _connections;
    }

    private void Scan(ReadOnlySpan<byte> document)
    {
        if (_scanned)
        {
            return;
        }

        _scanned = true;
        _attachments = -1;
        _connections = -1;
        var reader = new Utf8JsonReader(document);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAttachments = reader.ValueTextEquals("attachments"u8);
            var isConnections = !isAttachments && reader.ValueTextEquals("connections"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                if (isAttachments)
                {
                    _attachments = (int)reader.TokenStartIndex;
                }
                else if (isConnections)
                {
                    _connections = (int)reader.TokenStartIndex;
                }
            }

            reader.Skip();
        }
    }
}
