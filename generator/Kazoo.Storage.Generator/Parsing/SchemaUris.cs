using System;
using System.Collections.Generic;
using System.Linq;

namespace Kazoo.Storage.Generator.Parsing;

/// <summary>URI and JSON pointer arithmetic for <c>id</c> and <c>$ref</c> (RFC 3986 resolution, RFC 6901 pointers).</summary>
internal static class SchemaUris
{
    /// <summary>Resolves a reference against a base URI; false when either is not a URI.</summary>
    public static bool TryResolve(string baseUri, string reference, out string resolved)
    {
        resolved = "";
        try
        {
            if (!Uri.TryCreate(baseUri, UriKind.Absolute, out var @base))
            {
                return false;
            }

            if (reference.StartsWith("#", StringComparison.Ordinal))
            {
                // A fragment alone keeps the whole base (Uri would too, but it also re-escapes the fragment).
                resolved = WithoutFragment(@base.AbsoluteUri) + reference;
                return true;
            }

            if (!Uri.TryCreate(@base, reference, out var uri))
            {
                return false;
            }

            resolved = uri.AbsoluteUri;
            var hash = reference.IndexOf('#');
            if (hash >= 0)
            {
                // Keep the fragment as written: it is decoded once, as a JSON pointer or a plain name, by the caller.
                resolved = WithoutFragment(resolved) + reference.Substring(hash);
            }

            return true;
        }
        catch (UriFormatException)
        {
            return false;
        }
    }

    public static string WithoutFragment(string uri)
    {
        var hash = uri.IndexOf('#');
        return hash < 0 ? uri : uri.Substring(0, hash);
    }

    /// <summary>The fragment without its '#', or "" when there is none.</summary>
    public static string Fragment(string uri)
    {
        var hash = uri.IndexOf('#');
        return hash < 0 ? "" : uri.Substring(hash + 1);
    }

    /// <summary>A JSON pointer fragment's reference tokens: percent-decoded, then split, then <c>~1</c>, <c>~0</c> undone.</summary>
    public static IReadOnlyList<string> PointerTokens(string fragment)
    {
        var decoded = Uri.UnescapeDataString(fragment);
        return decoded.Split('/').Skip(1).Select(t => t.Replace("~1", "/").Replace("~0", "~")).ToList();
    }

    public static string EscapePointer(string token) => token.Replace("~", "~0").Replace("/", "~1");
}
