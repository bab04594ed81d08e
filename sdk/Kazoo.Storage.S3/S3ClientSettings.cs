using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.S3;

/// <summary>
/// How Kazoo's S3 backend reaches its server, worked out from an <c>attachments</c> entry's settings exactly as Kazoo
/// does (spec §7.3), and turned into an <see cref="AmazonS3Config"/> by <see cref="CreateConfig"/>. Holds no credentials.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>setting</term><description>effect (default)</description></listheader>
/// <item><term><c>host</c></term><description>the S3 host (<c>s3.{region}.amazonaws.com</c> when <c>region</c> is set,
/// else <c>s3.amazonaws.com</c>)</description></item>
/// <item><term><c>scheme</c></term><description><c>http</c> or <c>https</c>, with or without <c>://</c>
/// (<c>https</c>)</description></item>
/// <item><term><c>port</c></term><description>the port (443 for https, 80 for http)</description></item>
/// <item><term><c>bucket_access_method</c></term><description><c>path</c> puts the bucket in the URL path
/// (<see cref="AmazonS3Config.ForcePathStyle"/>); <c>vhost</c> in the host name; <c>auto</c> in the host name when the
/// bucket is a DNS-compliant name, else in the path (<c>auto</c> when <c>region</c> is set, else
/// <c>path</c>)</description></item>
/// <item><term><c>bucket_after_host</c></term><description><c>true</c> puts the bucket after the host (path style)
/// unless <c>bucket_access_method</c> is <c>vhost</c> (false)</description></item>
/// <item><term><c>region</c></term><description>the signing region (<see cref="ClientConfig.AuthenticationRegion"/>;
/// <c>us-east-1</c>)</description></item>
/// <item><term><c>upload_timeout</c></term><description>not in Kazoo's schema: milliseconds per request
/// (<see cref="S3AttachmentHandlerOptions.RequestTimeout"/>, 30 minutes)</description></item>
/// </list>
/// For a host that is not Amazon's (<see cref="IsAwsHost"/> false: radosgw, MinIO, …) request checksums and response
/// checksum validation are set to <c>WHEN_REQUIRED</c>: the AWS SDK's default trailing checksums are refused by many
/// S3-compatible servers (radosgw answers <c>XAmzContentSHA256Mismatch</c>). Uploads stay checked with
/// <c>Content-MD5</c>.
/// </remarks>
public sealed record S3ClientSettings
{
    /// <summary>Kazoo's S3 host when neither <c>host</c> nor <c>region</c> is set.</summary>
    public const string DefaultHost = "s3.amazonaws.com";

    /// <summary>The signing region when <c>region</c> is not set.</summary>
    public const string DefaultAuthenticationRegion = "us-east-1";

    /// <summary>The bucket (<c>bucket</c>).</summary>
    public required string Bucket { get; init; }

    /// <summary><c>http</c> or <c>https</c>.</summary>
    public required string Scheme { get; init; }

    /// <summary>The S3 host name or address.</summary>
    public required string Host { get; init; }

    /// <summary>The TCP port.</summary>
    public required int Port { get; init; }

    /// <summary>The <c>region</c> setting, or null.</summary>
    public string? Region { get; init; }

    /// <summary>The effective <c>bucket_access_method</c>: <c>auto</c>, <c>vhost</c> or <c>path</c>.</summary>
    public required string BucketAccessMethod { get; init; }

    /// <summary>The <c>bucket_after_host</c> setting (false when missing).</summary>
    public bool BucketAfterHost { get; init; }

    /// <summary>The longest one request may take.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>The region requests are signed for: <see cref="Region"/>, or <c>us-east-1</c>.</summary>
    public string AuthenticationRegion => Region ?? DefaultAuthenticationRegion;

    /// <summary>
    /// Whether the bucket goes in the URL path rather than the host name: <c>path</c>; <c>bucket_after_host</c> unless the
    /// method is <c>vhost</c>; or <c>auto</c> with a bucket name that is not DNS-compliant (as Kazoo's S3 library decides).
    /// </summary>
    public bool ForcePathStyle => BucketAccessMethod switch
    {
        "path" => true,
        "vhost" => false,
        _ => BucketAfterHost || !IsDnsCompliant(Bucket),
    };

    /// <summary>Whether <see cref="Host"/> is Amazon's own S3 (<c>*.amazonaws.com</c>, <c>*.amazonaws.com.cn</c>).</summary>
    public bool IsAwsHost =>
        Host.Equals("amazonaws.com", StringComparison.OrdinalIgnoreCase)
        || Host.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
        || Host.EndsWith(".amazonaws.com.cn", StringComparison.OrdinalIgnoreCase);

    /// <summary>The endpoint, <c>{scheme}://{host}[:{port}]</c>; the port is left out when it is the scheme's default.</summary>
    public Uri ServiceUrl
    {
        get
        {
            var builder = new UriBuilder(Scheme, Host, Port);
            if ((Scheme == "https" && Port == 443) || (Scheme == "http" && Port == 80))
            {
                builder.Port = -1;
            }

            return builder.Uri;
        }
    }

    /// <summary>Works out the client settings of an S3 <c>attachments</c> entry.</summary>
    /// <param name="settings">The entry's effective settings (the plan's <c>params</c> merged in).</param>
    /// <param name="options">The handler's options (for the default request timeout); defaults when null.</param>
    /// <exception cref="AttachmentHandlerException">
    /// A setting cannot be used (an unknown <c>scheme</c> or <c>bucket_access_method</c>, a port out of range, a host that
    /// does not make a URL); error code 500, as Kazoo reports a failure that is not an HTTP answer.
    /// </exception>
    public static S3ClientSettings From(StorageAttachmentAwsSettings settings, S3AttachmentHandlerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var region = string.IsNullOrEmpty(settings.Region) ? null : settings.Region;

        var scheme = (settings.Scheme?.Value ?? "https").Trim();
        if (scheme.EndsWith("://", StringComparison.Ordinal))
        {
            scheme = scheme[..^3];
        }

        scheme = scheme.ToLowerInvariant();
        if (scheme is not ("http" or "https"))
        {
            throw Unusable($"unsupported scheme '{settings.Scheme?.Value}' (use http or https)");
        }

        var host = string.IsNullOrEmpty(settings.Host)
            ? (region is null ? DefaultHost : $"s3.{region}.amazonaws.com")
            : settings.Host;

        var port = settings.Port ?? (scheme == "https" ? 443 : 80);
        if (port is < 1 or > 65535)
        {
            throw Unusable($"port {port.ToString(CultureInfo.InvariantCulture)} is out of range");
        }

        var method = settings.BucketAccessMethod?.Value ?? (region is null ? "path" : "auto");
        if (method is not ("auto" or "vhost" or "path"))
        {
            throw Unusable($"unsupported bucket_access_method '{method}' (use auto, vhost or path)");
        }

        var timeout = (options ?? new S3AttachmentHandlerOptions()).RequestTimeout;
        if (settings.ExtensionData.TryGetValue("upload_timeout", out var uploadTimeout)
            && uploadTimeout.ValueKind == JsonValueKind.Number
            && uploadTimeout.TryGetInt64(out var milliseconds)
            && milliseconds is > 0 and <= int.MaxValue)
        {
            timeout = TimeSpan.FromMilliseconds(milliseconds);
        }

        var result = new S3ClientSettings
        {
            Bucket = settings.Bucket,
            Scheme = scheme,
            Host = host,
            Port = (int)port,
            Region = region,
            BucketAccessMethod = method,
            BucketAfterHost = settings.BucketAfterHost ?? false,
            Timeout = timeout,
        };

        try
        {
            _ = result.ServiceUrl;
        }
        catch (UriFormatException)
        {
            throw Unusable($"host '{host}' does not make a URL");
        }

        return result;
    }

    /// <summary>The AWS SDK configuration for these settings.</summary>
    /// <param name="options">Retries and connect timeout; defaults when null.</param>
    public AmazonS3Config CreateConfig(S3AttachmentHandlerOptions? options = null)
    {
        options ??= new S3AttachmentHandlerOptions();
        var config = new AmazonS3Config
        {
            ServiceURL = ServiceUrl.AbsoluteUri,
            AuthenticationRegion = AuthenticationRegion,
            ForcePathStyle = ForcePathStyle,
            Timeout = Timeout,
            ConnectTimeout = options.ConnectTimeout,
            // Kazoo follows up to 3 redirects; the transport this handler builds caps them there.
            AllowAutoRedirect = true,
            // The SDK reads request bodies (to hash them, then to send them) in steps of this size; its 8 KiB default costs a
            // task per step: 15 MiB of garbage per GiB uploaded. 64 KiB stays below the large object heap's threshold.
            BufferSize = 64 * 1024,
        };

        if (!IsAwsHost)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        if (options.MaxErrorRetry is { } retries)
        {
            config.MaxErrorRetry = retries;
        }

        return config;
    }

    /// <summary>
    /// Whether <paramref name="bucket"/> can be a host name label sequence: dot-separated labels of lowercase letters,
    /// digits and inner hyphens (how Kazoo's S3 library picks the style for <c>auto</c>).
    /// </summary>
    /// <param name="bucket">A bucket name.</param>
    public static bool IsDnsCompliant(string bucket)
    {
        ArgumentNullException.ThrowIfNull(bucket);
        if (bucket.Length == 0)
        {
            return true;
        }

        foreach (var label in bucket.Split('.'))
        {
            if (label.Length == 0 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static AttachmentHandlerException Unusable(string reason) => new(S3AttachmentHandler.HandlerKind, 500, reason);
}
