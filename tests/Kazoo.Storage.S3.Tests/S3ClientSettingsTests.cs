using System.Text.Json;
using Amazon.Runtime;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;

namespace Kazoo.Storage.S3.Tests;

/// <summary>
/// Kazoo's S3 settings (spec §7.3) → <c>AmazonS3Config</c>, row by row, with no server: the entry is read from JSON as a
/// storage document holds it.
/// </summary>
public sealed class S3ClientSettingsTests
{
    private static StorageAttachmentAwsSettings Settings(string extra = "")
    {
        var json = """{"bucket":"kazoo-recordings","key":"testkey","secret":"testsecret" """ + extra + "}";
        return JsonSerializer.Deserialize<StorageAttachmentAwsSettings>(json, KazooStorageJson.Options)!;
    }

    private static (S3ClientSettings Settings, Amazon.S3.AmazonS3Config Config) Map(string extra = "", S3AttachmentHandlerOptions? options = null)
    {
        var settings = S3ClientSettings.From(Settings(extra), options);
        return (settings, settings.CreateConfig(options));
    }

    [Fact]
    public void Without_host_or_region_the_host_is_s3_amazonaws_com_over_https_443()
    {
        var (settings, config) = Map();
        Assert.Equal("s3.amazonaws.com", settings.Host);
        Assert.Equal("https", settings.Scheme);
        Assert.Equal(443, settings.Port);
        Assert.Equal("https://s3.amazonaws.com/", config.ServiceURL);
    }

    [Fact]
    public void With_a_region_the_host_is_the_regional_one()
    {
        var (settings, config) = Map(""", "region":"eu-west-1" """);
        Assert.Equal("s3.eu-west-1.amazonaws.com", settings.Host);
        Assert.Equal("https://s3.eu-west-1.amazonaws.com/", config.ServiceURL);
    }

    [Fact]
    public void An_explicit_host_wins_over_the_region()
    {
        var (settings, config) = Map(""", "region":"eu-west-1", "host":"storage.example.com" """);
        Assert.Equal("storage.example.com", settings.Host);
        Assert.Equal("https://storage.example.com/", config.ServiceURL);
    }

    [Theory]
    [InlineData("http", "http", 80)]
    [InlineData("https", "https", 443)]
    [InlineData("http://", "http", 80)]
    [InlineData("https://", "https", 443)]
    public void The_scheme_is_read_with_or_without_the_separator_and_picks_the_default_port(string scheme, string expected, int port)
    {
        var (settings, config) = Map($$""", "host":"minio.example.com", "scheme":"{{scheme}}" """);
        Assert.Equal(expected, settings.Scheme);
        Assert.Equal(port, settings.Port);
        Assert.Equal(expected + "://minio.example.com/", config.ServiceURL);
    }

    [Fact]
    public void An_explicit_port_goes_into_the_service_url()
    {
        var (settings, config) = Map(""", "host":"127.0.0.1", "scheme":"http", "port":7480 """);
        Assert.Equal(7480, settings.Port);
        Assert.Equal("http://127.0.0.1:7480/", config.ServiceURL);
    }

    [Fact]
    public void Port_443_with_plain_http_is_kept()
    {
        var (_, config) = Map(""", "host":"s3.example.com", "scheme":"http", "port":443 """);
        Assert.Equal("http://s3.example.com:443/", config.ServiceURL);
    }

    [Theory]
    [InlineData("ftp")]
    [InlineData("gopher://")]
    public void An_unknown_scheme_is_refused_with_kazoos_error_shape(string scheme)
    {
        var failure = Assert.Throws<AttachmentHandlerException>(() => S3ClientSettings.From(Settings($$""", "scheme":"{{scheme}}" """)));
        Assert.Equal("s3", failure.HandlerKind);
        Assert.Equal(500, failure.ErrorCode);
        Assert.Contains("scheme", failure.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(70000)]
    public void A_port_out_of_range_is_refused(int port)
    {
        Assert.Throws<AttachmentHandlerException>(() => S3ClientSettings.From(Settings($$""", "port":{{port}} """)));
    }

    [Fact]
    public void Without_a_region_the_default_access_method_is_path()
    {
        var (settings, config) = Map();
        Assert.Equal("path", settings.BucketAccessMethod);
        Assert.True(config.ForcePathStyle);
    }

    [Fact]
    public void With_a_region_the_default_access_method_is_auto_which_uses_the_host_for_a_dns_compliant_bucket()
    {
        var (settings, config) = Map(""", "region":"us-west-2" """);
        Assert.Equal("auto", settings.BucketAccessMethod);
        Assert.False(config.ForcePathStyle);
    }

    [Fact]
    public void Auto_puts_a_bucket_that_is_not_a_dns_name_in_the_path()
    {
        var settings = S3ClientSettings.From(Settings(""", "region":"us-west-2" """) with { Bucket = "Kazoo_Recordings" });
        Assert.True(settings.CreateConfig().ForcePathStyle);
    }

    [Theory]
    [InlineData("path", true)]
    [InlineData("vhost", false)]
    [InlineData("auto", false)]
    public void An_explicit_access_method_sets_the_addressing_style(string method, bool pathStyle)
    {
        var (settings, config) = Map($$""", "bucket_access_method":"{{method}}" """);
        Assert.Equal(method, settings.BucketAccessMethod);
        Assert.Equal(pathStyle, config.ForcePathStyle);
    }

    [Fact]
    public void An_unknown_access_method_is_refused()
    {
        Assert.Throws<AttachmentHandlerException>(() => S3ClientSettings.From(Settings(""", "bucket_access_method":"subdomain" """)));
    }

    [Theory]
    [InlineData("auto", true)]
    [InlineData("path", true)]
    [InlineData("vhost", false)]
    public void Bucket_after_host_puts_the_bucket_in_the_path_unless_vhost_is_asked_for(string method, bool pathStyle)
    {
        var (settings, config) = Map($$""", "region":"us-west-2", "bucket_access_method":"{{method}}", "bucket_after_host":true """);
        Assert.True(settings.BucketAfterHost);
        Assert.Equal(pathStyle, config.ForcePathStyle);
    }

    [Fact]
    public void Bucket_after_host_defaults_to_false()
    {
        var (settings, config) = Map(""", "region":"us-west-2" """);
        Assert.False(settings.BucketAfterHost);
        Assert.False(config.ForcePathStyle);
    }

    [Fact]
    public void The_signing_region_is_the_region_or_us_east_1()
    {
        Assert.Equal("us-east-1", Map().Config.AuthenticationRegion);
        Assert.Equal("ap-south-1", Map(""", "region":"ap-south-1" """).Config.AuthenticationRegion);
        Assert.Equal("eu-central-1", Map(""", "region":"eu-central-1", "host":"ceph.example.com" """).Config.AuthenticationRegion);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("ceph.example.com")]
    [InlineData("minio")]
    public void A_host_that_is_not_amazons_gets_checksums_only_when_required(string host)
    {
        var (settings, config) = Map($$""", "host":"{{host}}" """);
        Assert.False(settings.IsAwsHost);
        Assert.Equal(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
        Assert.Equal(ResponseChecksumValidation.WHEN_REQUIRED, config.ResponseChecksumValidation);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""", "region":"eu-west-1" """)]
    [InlineData(""", "host":"s3.cn-north-1.amazonaws.com.cn" """)]
    public void Amazons_own_hosts_keep_the_sdk_checksum_defaults(string extra)
    {
        var (settings, config) = Map(extra);
        var defaults = new Amazon.S3.AmazonS3Config();
        Assert.True(settings.IsAwsHost);
        Assert.Equal(defaults.RequestChecksumCalculation, config.RequestChecksumCalculation);
        Assert.Equal(defaults.ResponseChecksumValidation, config.ResponseChecksumValidation);
        Assert.NotEqual(RequestChecksumCalculation.WHEN_REQUIRED, config.RequestChecksumCalculation);
    }

    [Fact]
    public void The_request_timeout_is_kazoos_30_minutes_unless_the_entry_has_an_upload_timeout()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), Map().Config.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(90), Map(""", "upload_timeout":90000 """).Config.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(5), Map(options: new S3AttachmentHandlerOptions { RequestTimeout = TimeSpan.FromSeconds(5) }).Config.Timeout);
    }

    [Fact]
    public void Retries_and_connect_timeout_come_from_the_options()
    {
        var options = new S3AttachmentHandlerOptions { MaxErrorRetry = 0, ConnectTimeout = TimeSpan.FromSeconds(3) };
        var config = Map(options: options).Config;
        Assert.Equal(0, config.MaxErrorRetry);
        Assert.Equal(TimeSpan.FromSeconds(3), config.ConnectTimeout);
    }

    [Theory]
    [InlineData("kazoo-recordings", true)]
    [InlineData("kazoo.recordings.2024", true)]
    [InlineData("a--b", true)]
    [InlineData("Kazoo", false)]
    [InlineData("kazoo_recordings", false)]
    [InlineData("kazoo.", false)]
    [InlineData(".kazoo", false)]
    [InlineData("kazoo-", false)]
    [InlineData("kazoo..x", false)]
    public void Dns_compliance_follows_label_rules(string bucket, bool compliant) =>
        Assert.Equal(compliant, S3ClientSettings.IsDnsCompliant(bucket));

    [Fact]
    public void The_settings_print_no_credentials()
    {
        var text = S3ClientSettings.From(Settings(""", "host":"127.0.0.1" """)).ToString();
        Assert.Contains("127.0.0.1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("testkey", text, StringComparison.Ordinal);
        Assert.DoesNotContain("testsecret", text, StringComparison.Ordinal);
    }
}
