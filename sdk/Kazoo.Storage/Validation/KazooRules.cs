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
    public static string? Check(string key, ReadOnlySpan<char> value, ReadOnlySpan<byte> document, string rootSchemaId, ValidationOptions options) => key switch
    {
        "storage.attachment.http.url" => IsAllowedClientUrl(value, options) ? null : "invalid client URL",
        "storage.plan.database.attachment.handler" when options.CheckReferences && rootSchemaId == StorageSchema =>
            HasTopLevelKey(document, "attachments", value) ? null : "invalid reference '" + value.ToString() + "' to attachments",
        "storage.plan.database.document.connection" when options.CheckReferences && rootSchemaId == StorageSchema =>
            HasTopLevelKey(document, "connections", value) ? null : "invalid reference '" + value.ToString() + "' to connections",
        _ => null,
    };

    /// <summary>An http(s) URL whose host is not on the blacklist (names, or networks for IP hosts).</summary>
    private static bool IsAllowedClientUrl(ReadOnlySpan<char> value, ValidationOptions options)
    {
        if (!Uri.TryCreate(value.ToString(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return false;
        }

        var host = uri.IdnHost.Trim('[', ']');
        foreach (var blocked in options.BlacklistedHosts)
        {
            if (string.Equals(blocked, host, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        if (IPAddress.TryParse(host, out var address))
        {
            foreach (var network in options.BlacklistedNetworks)
            {
                if (network.Contains(address))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Whether the document's top-level object <paramref name="member"/> has the key <paramref name="key"/>.</summary>
    private static bool HasTopLevelKey(ReadOnlySpan<byte> document, string member, ReadOnlySpan<char> key)
    {
        var reader = new Utf8JsonReader(document);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMember = reader.ValueTextEquals(member);
            reader.Read();
            if (isMember && reader.TokenType == JsonTokenType.StartObject)
            {
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

            reader.Skip();
        }

        return false;
    }
}
