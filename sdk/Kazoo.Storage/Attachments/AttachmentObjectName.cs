using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// Builds the name Kazoo gives an attachment in a backend (spec §7.2, <c>kz_att_util</c>): the S3 key, the Drive path, the
/// path segment after an HTTP backend's URL. The settings' <c>field_list</c> (or the handler's default) is evaluated item by
/// item, the parts joined with <c>field_separator</c> (default <c>/</c>), and a <c>path</c> or
/// <c>folder_base_path</c>/<c>folder_path</c> prefix added.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>arg</c> items: <c>attachment</c>, <c>id</c>, <c>account_id</c> (the document's <c>pvt_account_id</c>, else
/// <c>unknown_account</c>), <c>db</c> (URL-decoded first (<see cref="UrlDecode"/>), so an MODB name <c>account%2Fab%2F…</c> comes out as
/// <c>account%2Fab%2F…</c> again). Values are percent-encoded (<see cref="PercentEncode"/>); an unknown arg is dropped.</item>
/// <item><c>field</c> items read a top-level public member of the document (or <c>id</c>): a non-empty string, or a number
/// or boolean written as text; anything else is dropped. Encoded like args.</item>
/// <item><c>const</c> items are literal text, not encoded. <c>group</c> items join their inner parts with no separator.</item>
/// <item>An item object is read by the first of <c>group</c>, <c>arg</c>, <c>field</c>, <c>const</c> it has, in that order
/// (Kazoo's match order; the schema allows only one of them per item). Anything else is dropped.</item>
/// <item>A <c>file</c> member in the settings is the whole name (Kazoo sets it internally on fetch); nothing else applies.</item>
/// </list>
/// Slashes inside values are encoded, so only separators, consts and prefixes make "folders":
/// a voicemail in an MODB is stored in S3 as <c>account%2Fab%2Fcd%2F…-202401/{docid}_{name}</c>.
/// </remarks>
public static class AttachmentObjectName
{
    private static readonly SearchValues<char> Encoded = SearchValues.Create("/:@&=+,?#[]<>\"{}|\\'^%; ");

    /// <summary>The name Kazoo gives <paramref name="location"/> in <paramref name="backend"/>, from its effective settings.</summary>
    /// <param name="backend">The <c>attachments</c> entry, with the plan's <c>params</c> already merged into its settings.</param>
    /// <param name="location">The attachment.</param>
    public static string Build(StorageAttachmentsEntry backend, AttachmentLocation location)
    {
        ArgumentNullException.ThrowIfNull(backend);
        var entry = JsonSerializer.SerializeToElement(backend, KazooStorageJson.GetTypeInfo<StorageAttachmentsEntry>());
        var settings = entry.TryGetProperty("settings", out var s) ? s : default;
        return Build(backend.Handler ?? string.Empty, settings, location);
    }

    /// <summary>The name Kazoo gives <paramref name="location"/> for a backend of kind <paramref name="handlerKind"/>.</summary>
    /// <param name="handlerKind">The backend kind (<c>s3</c>, <c>google_drive</c>, <c>http</c>, …): picks the default field list.</param>
    /// <param name="settings">The effective settings object (an undefined or non-object value means no settings).</param>
    /// <param name="location">The attachment.</param>
    public static string Build(string handlerKind, JsonElement settings, AttachmentLocation location)
    {
        ArgumentNullException.ThrowIfNull(handlerKind);
        ArgumentNullException.ThrowIfNull(location);
        var hasSettings = settings.ValueKind == JsonValueKind.Object;
        if (hasSettings && settings.TryGetProperty("file", out var file) && file.ValueKind == JsonValueKind.String)
        {
            return file.GetString()!;
        }

        var separator = hasSettings && settings.TryGetProperty("field_separator", out var sep) && sep.ValueKind == JsonValueKind.String
            ? sep.GetString()!
            : "/";

        var parts = new List<string>();
        if (hasSettings && settings.TryGetProperty("field_list", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in list.EnumerateArray())
            {
                if (Evaluate(item, location) is { } part)
                {
                    parts.Add(part);
                }
            }
        }
        else
        {
            DefaultParts(handlerKind, location, parts);
        }

        var name = string.Join(separator, parts);
        var prefix = hasSettings ? Prefix(settings) : null;
        return prefix is null ? name : prefix.TrimEnd('/') + "/" + name;
    }

    /// <summary>
    /// Percent-encodes a value as Kazoo does in object names: <c>/ : @ &amp; = + , ? # [ ] &lt; &gt; " { } | \ ' ^ % ;</c> and
    /// space become <c>%XX</c> (upper-case hex); everything else, including non-ASCII text, tab and newline, is kept.
    /// </summary>
    /// <param name="value">The value.</param>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny(Encoded) < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 16);
        foreach (var c in value)
        {
            if (Encoded.Contains(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// Decodes a URL-encoded value as Kazoo does for the <c>db</c> argument (<c>kz_http_util:urldecode</c> in its default
    /// <c>rfc</c> mode, i.e. <c>http_uri:decode</c>): each <c>%XX</c> is a byte, and everything else, <c>+</c> included, is kept.
    /// A <c>%</c> not followed by two hex digits is kept as it is.
    /// </summary>
    /// <param name="value">The encoded value.</param>
    public static string UrlDecode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Contains('%', StringComparison.Ordinal))
        {
            return value;
        }

        var bytes = new List<byte>(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add(byte.Parse(value.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                var rune = char.IsSurrogatePair(value, i) ? new Rune(value[i], value[++i]) : new Rune(char.IsSurrogate(c) ? '\uFFFD' : c);
                var n = rune.EncodeToUtf8(utf8);
                for (var k = 0; k < n; k++)
                {
                    bytes.Add(utf8[k]);
                }
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static void DefaultParts(string handlerKind, AttachmentLocation location, List<string> parts)
    {
        var docAndName = PercentEncode(location.DocumentId) + "_" + PercentEncode(location.AttachmentName);
        switch (handlerKind)
        {
            case StorageAttachmentAws.HandlerValue:
                parts.Add(PercentEncode(UrlDecode(location.Database)));
                parts.Add(docAndName);
                break;
            case StorageAttachmentHttp.HandlerValue:
            case "ftp":
                parts.Add(PercentEncode(location.EffectiveAccountId));
                if (Field(location, "owner_id") is { } owner)
                {
                    parts.Add(PercentEncode(owner));
                }

                parts.Add(PercentEncode(location.DocumentId));
                parts.Add(PercentEncode(location.AttachmentName));
                break;
            default:
                parts.Add(docAndName);
                break;
        }
    }

    private static string? Evaluate(JsonElement item, AttachmentLocation location)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        // Kazoo matches the item map by key in this order: group, arg, field, const.
        if (item.TryGetProperty("group", out var group))
        {
            if (group.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var builder = new StringBuilder();
            foreach (var inner in group.EnumerateArray())
            {
                builder.Append(Evaluate(inner, location));
            }

            return builder.ToString();
        }

        if (item.TryGetProperty("arg", out var arg))
        {
            return arg.ValueKind == JsonValueKind.String ? Arg(arg.GetString()!, location) : null;
        }

        if (item.TryGetProperty("field", out var field))
        {
            return field.ValueKind == JsonValueKind.String && Field(location, field.GetString()!) is { } value ? PercentEncode(value) : null;
        }

        if (item.TryGetProperty("const", out var constant))
        {
            return constant.ValueKind switch
            {
                JsonValueKind.String => constant.GetString(),
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => constant.GetRawText(),
                _ => null,
            };
        }

        return null;
    }

    private static string? Arg(string name, AttachmentLocation location) => name switch
    {
        "attachment" => PercentEncode(location.AttachmentName),
        "id" => PercentEncode(location.DocumentId),
        "account_id" => PercentEncode(location.EffectiveAccountId),
        "db" => PercentEncode(UrlDecode(location.Database)),
        _ => null,
    };

    private static string? Field(AttachmentLocation location, string name)
    {
        if (name == "id")
        {
            return location.DocumentId.Length > 0 ? location.DocumentId : null;
        }

        if (name.StartsWith('_') || name.StartsWith("pvt_", StringComparison.Ordinal)
            || location.Document is not { ValueKind: JsonValueKind.Object } document
            || !document.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String when value.GetString() is { Length: > 0 } text => text,
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }

    private static string? Prefix(JsonElement settings)
    {
        if (NonEmpty(settings, "path") is { } path)
        {
            return path;
        }

        var basePath = NonEmpty(settings, "folder_base_path");
        var folder = NonEmpty(settings, "folder_path");
        if (basePath is null && folder is null)
        {
            return null;
        }

        return JoinPaths(basePath, folder);
    }

    // Erlang's filename:join/2: an absolute second part replaces the first; repeated and trailing slashes go.
    private static string JoinPaths(string? first, string? second)
    {
        string joined;
        if (first is null)
        {
            joined = second!;
        }
        else if (second is null)
        {
            joined = first;
        }
        else
        {
            joined = second.StartsWith('/') ? second : first + "/" + second;
        }

        var absolute = joined.StartsWith('/');
        var segments = joined.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var normal = string.Join('/', segments);
        return absolute ? "/" + normal : normal;
    }

    private static string? NonEmpty(JsonElement settings, string name) =>
        settings.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;
}
