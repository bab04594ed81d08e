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
            members.AttachmentsHas(document, value) ? null : "invalid reference '" + Serialization.SecretMask.MaskText(value.ToString()) + "' to attachments",
        "storage.plan.database.document.connection" when options.CheckReferences && rootSchemaId == StorageSchema =>
            members.ConnectionsHas(document, value) ? null : "invalid reference '" + Serialization.SecretMask.MaskText(value.ToString()) + "' to connections",
        _ => null,
    };

    /// <summary>
    /// Kazoo's client URL check (<c>kz_json_schema_extensions:is_valid_client_url</c>): the scheme is exactly
    /// <c>http</c> or <c>https</c> (lowercase, as Kazoo compares it), and the host is not blacklisted. The host is read
    /// two ways, and blacklisted under either means invalid:
    /// <list type="bullet">
    /// <item>as Kazoo's <c>kz_http_util:urlsplit</c> reads it, so the SDK refuses every URL Kazoo refuses. That parser
    /// takes user information as <c>user@password:host[:port]</c>; it reads <c>http://user:pass@localhost/</c> as the
    /// host <c>user</c>, and fails on <c>http://localhost@example.com/</c> (no <c>:</c> after the <c>@</c>), which then
    /// has no Kazoo reading;</item>
    /// <item>as an HTTP client reads it, which is where the request goes: after the scheme any run of <c>/</c> and
    /// <c>\</c>, the authority up to <c>/</c>, <c>\</c>, <c>?</c> or <c>#</c>, user information up to its last
    /// <c>@</c> dropped, then the port. So <c>http://user:pass@localhost/</c> is refused (host <c>localhost</c>),
    /// though Kazoo accepts it, and <c>http://localhost@example.com/</c> is not (host <c>example.com</c>).</item>
    /// </list>
    /// A host is judged as Kazoo judges it (<c>is_valid_host</c>): a name, lowercased, must not equal a blacklisted
    /// name (so <c>localhost.</c>, with the trailing dot, is not <c>localhost</c>, as in Kazoo); an IP literal, in any
    /// form Kazoo's non-strict parser also takes (<c>127.1</c>, <c>2130706433</c>, <c>0x7f000001</c>, IPv6 in
    /// brackets), must not be in a blacklisted network. One addition, on the safe side: an IPv4-mapped IPv6 address is
    /// judged as its IPv4 address. Parsed from the span, so a URL with a host name costs no allocation.
    /// </summary>
    private static bool IsAllowedClientUrl(ReadOnlySpan<char> value, ValidationOptions options)
    {
        var colon = value.IndexOf(':');
        if (colon < 0 || !(value[..colon] is "http" or "https"))
        {
            return false;
        }

        var rest = value[(colon + 1)..];
        return !(TryKazooHost(rest, out var kazooHost) && IsBlacklisted(kazooHost, options)) && !IsBlacklisted(ClientHost(rest), options);
    }

    /// <summary>
    /// The host as Kazoo's <c>urlsplit</c> finds it in what follows the scheme's <c>:</c>: without <c>//</c>, none (an
    /// empty host); else the location runs to <c>/</c>, <c>?</c>, <c>#</c> or the end, a <c>:</c> ends the host, and an
    /// <c>@</c> ends a user name whose password runs to the next <c>:</c> anywhere after it, the host being read again
    /// from there. False where that parser fails: an <c>@</c> with no <c>:</c> after it.
    /// </summary>
    private static bool TryKazooHost(ReadOnlySpan<char> rest, out ReadOnlySpan<char> host)
    {
        host = default;
        if (!rest.StartsWith("//"))
        {
            return true;
        }

        var location = rest[2..];
        while (true)
        {
            var end = location.IndexOfAny("/?#@:");
            if (end < 0 || location[end] != '@')
            {
                host = end < 0 ? location : location[..end];
                return true;
            }

            var passwordEnd = location[(end + 1)..].IndexOf(':');
            if (passwordEnd < 0)
            {
                return false;
            }

            location = location[(end + 1 + passwordEnd + 1)..];
        }
    }

    /// <summary>The host an HTTP client sends the request to, from what follows the scheme's <c>:</c> (see <see cref="IsAllowedClientUrl"/>).</summary>
    private static ReadOnlySpan<char> ClientHost(ReadOnlySpan<char> rest)
    {
        var authority = rest.TrimStart("/\\");
        authority = authority[..IndexOfAnyOrLength(authority, "/\\?#")];
        var hostAndPort = authority[(authority.LastIndexOf('@') + 1)..];
        if (hostAndPort.StartsWith("["))
        {
            var close = hostAndPort.IndexOf(']');
            return close < 0 ? hostAndPort[1..] : hostAndPort[1..close];
        }

        return hostAndPort[..IndexOfAnyOrLength(hostAndPort, ":")];
    }

    /// <summary>Whether Kazoo's blacklists hold a host: a name by the names, an IP literal by the networks.</summary>
    private static bool IsBlacklisted(ReadOnlySpan<char> host, ValidationOptions options)
    {
        if ((host.Length > 0 && char.IsAsciiDigit(host[0])) || host.Contains(':'))
        {
            if (IPAddress.TryParse(host, out var address))
            {
                if (address.IsIPv4MappedToIPv6)
                {
                    address = address.MapToIPv4();
                }

                for (var i = 0; i < options.BlacklistedNetworks.Count; i++)
                {
                    if (options.BlacklistedNetworks[i].Contains(address))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        for (var i = 0; i < options.BlacklistedHosts.Count; i++)
        {
            if (host.Equals(options.BlacklistedHosts[i], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static int IndexOfAnyOrLength(ReadOnlySpan<char> text, string characters)
    {
        var index = text.IndexOfAny(characters);
        return index < 0 ? text.Length : index;
    }

    /// <summary>Whether the object starting at <paramref name="offset"/> (or none, when -1) has the key <paramref name="key"/>.</summary>
    internal static bool HasKey(ReadOnlySpan<byte> document, int offset, ReadOnlySpan<char> key)
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
/// Where the document's top-level <c>attachments</c> and <c>connections</c> objects are, and their keys, for the
/// reference rules: taken from the validation walk when it has already passed them (<see cref="Seen"/>, and the keys
/// through <see cref="KeysAt"/>/<see cref="RecordKey"/>/<see cref="EndKeys"/>), else found with one scan; each object's
/// keys are read once (up to <see cref="KeySlots"/> of them; more are looked up by reading the object again).
/// -1: not there, or not an object.
/// </summary>
internal struct TopLevelMembers
{
    public const int KeySlots = 32;
    private bool _scanned;
    private int _attachments;
    private int _connections;
    private bool _attachmentsSeen;
    private bool _connectionsSeen;
    private KeyIndex _attachmentKeys;
    private KeyIndex _connectionKeys;

    /// <summary>
    /// The walk met a top-level member <c>attachments</c> or <c>connections</c> whose value is an object. The walk passes
    /// over a repeated member (Kazoo reads a name's first occurrence), so the first one met is the document's.
    /// </summary>
    public void Seen(ReadOnlySpan<byte> name, int valueOffset)
    {
        if (!_attachmentsSeen && name.SequenceEqual("attachments"u8))
        {
            _attachments = valueOffset;
            _attachmentsSeen = true;
        }
        else if (!_connectionsSeen && name.SequenceEqual("connections"u8))
        {
            _connections = valueOffset;
            _connectionsSeen = true;
        }
    }

    /// <summary>
    /// Whether the walk is about to read the members of the top-level attachments (1) or connections (2) object starting
    /// at <paramref name="objectOffset"/>, whose keys are not known yet; 0 otherwise.
    /// </summary>
    public readonly int KeysAt(int objectOffset) =>
        objectOffset == _attachments && _attachmentsSeen && !_attachmentKeys.IsRead ? 1
        : objectOffset == _connections && _connectionsSeen && !_connectionKeys.IsRead ? 2
        : 0;

    /// <summary>The walk read a key of the object <see cref="KeysAt"/> named.</summary>
    /// <param name="which">1 for attachments, 2 for connections.</param>
    /// <param name="start">The offset of the key's first byte (after the quote) in the document.</param>
    /// <param name="length">The raw key's length in bytes.</param>
    /// <param name="escaped">Whether the raw key holds escapes (then it is compared by reading the object again).</param>
    public void RecordKey(int which, int start, int length, bool escaped)
    {
        if (which == 1)
        {
            _attachmentKeys.Record(start, length, escaped);
        }
        else
        {
            _connectionKeys.Record(start, length, escaped);
        }
    }

    /// <summary>The walk read every key of the object <see cref="KeysAt"/> named.</summary>
    public void EndKeys(int which)
    {
        if (which == 1)
        {
            _attachmentKeys.End();
        }
        else
        {
            _connectionKeys.End();
        }
    }

    public bool AttachmentsHas(ReadOnlySpan<byte> document, ReadOnlySpan<char> key)
    {
        if (!_attachmentsSeen)
        {
            Scan(document);
        }

        return _attachmentKeys.Has(document, _attachments, key);
    }

    public bool ConnectionsHas(ReadOnlySpan<byte> document, ReadOnlySpan<char> key)
    {
        if (!_connectionsSeen)
        {
            Scan(document);
        }

        return _connectionKeys.Has(document, _connections, key);
    }

    private void Scan(ReadOnlySpan<byte> document)
    {
        if (_scanned)
        {
            return;
        }

        _scanned = true;
        _attachmentsSeen = _connectionsSeen = true;
        _attachments = -1;
        _connections = -1;
        var reader = new Utf8JsonReader(document);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return;
        }

        // A name's first occurrence is the one Kazoo reads; -1 when it is not an object.
        var attachmentsFound = false;
        var connectionsFound = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isAttachments = !attachmentsFound && reader.ValueTextEquals("attachments"u8);
            var isConnections = !connectionsFound && !isAttachments && reader.ValueTextEquals("connections"u8);
            attachmentsFound |= isAttachments;
            connectionsFound |= isConnections;
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

    /// <summary>The raw (unescaped) keys of one object, read once.</summary>
    private struct KeyIndex
    {
        private bool _read;
        private bool _incomplete;
        private int _count;
        private KeyRanges _ranges;

        public readonly bool IsRead => _read;

        /// <summary>Notes one key the walk read (before <see cref="End"/>).</summary>
        public void Record(int start, int length, bool escaped)
        {
            if (_read || _incomplete)
            {
                return;
            }

            if (escaped || _count == KeySlots)
            {
                _incomplete = true; // compared by reading the object again
                return;
            }

            _ranges[_count++] = (start, length);
        }

        /// <summary>The walk read every key: they are the index.</summary>
        public void End() => _read = true;

        public bool Has(ReadOnlySpan<byte> document, int offset, ReadOnlySpan<char> key)
        {
            if (offset < 0)
            {
                return false;
            }

            if (!_read)
            {
                Read(document, offset);
            }

            Span<byte> utf8 = stackalloc byte[128];
            if (key.Length * 3 <= utf8.Length)
            {
                var wanted = utf8[..System.Text.Encoding.UTF8.GetBytes(key, utf8)];
                for (var i = 0; i < _count; i++)
                {
                    var (start, length) = _ranges[i];
                    if (document.Slice(start, length).SequenceEqual(wanted))
                    {
                        return true;
                    }
                }

                if (!_incomplete)
                {
                    return false;
                }
            }

            return KazooRules.HasKey(document, offset, key);
        }

        private void Read(ReadOnlySpan<byte> document, int offset)
        {
            _incomplete = false;
            _count = 0; // a walk that stopped inside the object may have noted some
            var reader = new Utf8JsonReader(document[offset..]);
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                Record(offset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);
                if (_incomplete)
                {
                    break; // compared by reading the object again
                }

                reader.Read();
                reader.Skip();
            }

            End();
        }
    }

    [System.Runtime.CompilerServices.InlineArray(KeySlots)]
    private struct KeyRanges
    {
        private (int Start, int Length) _element;
    }
}
