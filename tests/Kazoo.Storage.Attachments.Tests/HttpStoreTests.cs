using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Attachments.Tests.Support;
using Kazoo.Storage.TestSupport;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>How the HTTP handler stores: URL, verb, body and content types (spec §7.5, §7.2).</summary>
public sealed class HttpStoreTests : IAsyncLifetime
{
    private static readonly byte[] Audio = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
    private Receiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await Receiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private string ExpectedSegment => Backends.AccountId + "/" + Backends.OwnerId + "/" + Backends.DocumentId + "/message.mp3";

    [Fact]
    public async Task Put_sends_the_raw_bytes_with_the_content_type_to_url_slash_account_owner_document_attachment()
    {
        var backend = HttpBackend(_receiver.Url("kazoo/").ToString());

        var stored = await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("PUT", request.Method);
        Assert.Equal("/kazoo/" + ExpectedSegment, request.Target);
        Assert.Equal("audio/mpeg", request.Header("Content-Type"));
        Assert.Equal(Audio, request.Body);
        Assert.Equal("1000", request.Header("Content-Length"));
        Assert.Equal("http", stored.HandlerKind);
        Assert.Equal(ExpectedSegment, stored.ObjectName);
        Assert.Equal(_receiver.Url("kazoo/" + ExpectedSegment).AbsoluteUri, stored.BackendId);
        Assert.Equal(1000, stored.Length);
        Assert.Equal("audio/mpeg", stored.ContentType);
        Assert.Equal("application/json", stored.Metadata["content-type"]);
    }

    [Theory]
    [InlineData("post", "POST")]
    [InlineData("POST", "POST")]
    [InlineData("Put", "PUT")]
    public async Task The_verb_comes_from_the_settings_in_any_case(string verb, string expected)
    {
        var backend = HttpBackend(_receiver.Url("in").ToString(), new JsonObject { ["verb"] = verb });

        await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(expected, request.Method);
        Assert.Equal(Audio, request.Body);
    }

    [Fact]
    public async Task An_unknown_verb_is_refused_before_any_request()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString(), new JsonObject { ["verb"] = "patch" });

        await Assert.ThrowsAsync<ArgumentException>(() => Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel));
        Assert.Empty(_receiver.Requests);
    }

    [Fact]
    public async Task Without_owner_id_the_default_field_list_drops_the_owner_segment()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString());

        var stored = await Handler().PutAsync(backend, Voicemail(withOwner: false), new MemoryStream(Audio), "audio/mpeg", Cancel);

        Assert.Equal("/in/" + Backends.AccountId + "/" + Backends.DocumentId + "/message.mp3", Assert.Single(_receiver.Requests).Target);
        Assert.Equal(Backends.AccountId + "/" + Backends.DocumentId + "/message.mp3", stored.ObjectName);
    }

    [Fact]
    public async Task A_url_with_a_query_string_takes_the_object_name_with_no_slash()
    {
        var backend = HttpBackend(_receiver.Url("store?rec=").ToString());

        var stored = await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        Assert.Equal("/store?rec=" + ExpectedSegment, Assert.Single(_receiver.Requests).Target);
        Assert.Equal(_receiver.Url("store?rec=" + ExpectedSegment).AbsoluteUri, stored.BackendId);
    }

    [Fact]
    public async Task The_url_trailing_slashes_are_removed_and_values_are_percent_encoded()
    {
        var settings = new JsonObject
        {
            ["field_list"] = new JsonArray(new JsonObject { ["arg"] = "db" }, new JsonObject { ["arg"] = "attachment" }),
        };
        var backend = HttpBackend(_receiver.Url("files//").ToString(), settings);

        await Handler().PutAsync(backend, Voicemail(attachmentName: "a b;c.mp3"), new MemoryStream(Audio), "audio/mpeg", Cancel);

        Assert.Equal("/files/account%2F4b%2F8a%2F2c0e1f3d4e5a6b7c8d9e0f1a2b3c-202401/a%20b%3Bc.mp3", Assert.Single(_receiver.Requests).Target);
    }

    [Fact]
    public async Task Base64_is_ignored_when_the_body_is_not_multipart()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString(), new JsonObject { ["base64_encode_data"] = true, ["send_multipart"] = false });

        await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal(Audio, request.Body);
        Assert.Equal("audio/mpeg", request.Header("Content-Type"));
        Assert.Null(request.Parts);
    }

    [Fact]
    public async Task Multipart_sends_the_public_document_json_then_the_binary()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString(), new JsonObject { ["send_multipart"] = true, ["verb"] = "post" });

        await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("multipart/form-data; boundary=", request.Header("Content-Type"));
        Assert.Equal(2, request.Parts!.Count);

        var json = request.Parts[0];
        Assert.Equal("form-data; name=" + Backends.DocumentId, json.Header("Content-Disposition"));
        Assert.Equal("application/json", json.Header("Content-Type"));
        var document = JsonNode.Parse(json.Text)!.AsObject();
        Assert.Equal(["name", "caller_id_number", "length", "owner_id"], document.Select(m => m.Key));
        Assert.Equal("5551234", document["caller_id_number"]!.GetValue<string>());

        var binary = request.Parts[1];
        Assert.Equal("form-data; name=message.mp3", binary.Header("Content-Disposition"));
        Assert.Equal("audio/mpeg", binary.Header("Content-Type"));
        Assert.Equal(Audio, binary.Body);
    }

    [Fact]
    public async Task Multipart_with_base64_encodes_the_binary_part()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString(), new JsonObject { ["send_multipart"] = true, ["base64_encode_data"] = true });

        var stored = await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("PUT", request.Method);
        var binary = request.Parts![1];
        Assert.Equal(Convert.ToBase64String(Audio), Encoding.ASCII.GetString(binary.Body));
        Assert.Equal("audio/mpeg", binary.Header("Content-Type"));
        Assert.Equal(1000, stored.Length);
    }

    [Fact]
    public async Task Multipart_from_an_unseekable_stream_is_sent_chunked_and_still_parses()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString(), new JsonObject { ["send_multipart"] = true, ["base64_encode_data"] = true });

        await Handler().PutAsync(backend, Voicemail(), ForwardOnlyStream.Of(Audio), "audio/mpeg", Cancel);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("chunked", request.Header("Transfer-Encoding"));
        Assert.Null(request.Header("Content-Length"));
        Assert.Equal(Convert.ToBase64String(Audio), request.Parts![1].Text);
    }

    [Fact]
    public async Task A_part_name_that_is_not_a_token_is_quoted()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString(), new JsonObject { ["send_multipart"] = true });

        await Handler().PutAsync(backend, Voicemail(attachmentName: "my message.mp3"), new MemoryStream(Audio), "audio/mpeg", Cancel);

        Assert.Equal("form-data; name=\"my message.mp3\"", Assert.Single(_receiver.Requests).Parts![1].Header("Content-Disposition"));
    }

    [Fact]
    public async Task Credentials_in_the_url_are_sent_as_basic_auth_and_kept_out_of_the_stored_url()
    {
        var url = new UriBuilder(_receiver.Url("in")) { UserName = "kazoo", Password = "s3cret" }.Uri.ToString();
        var backend = HttpBackend(url);

        var stored = await Handler().PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var request = Assert.Single(_receiver.Requests);
        Assert.Equal("Basic " + Convert.ToBase64String("kazoo:s3cret"u8), request.Header("Authorization"));
        Assert.DoesNotContain("s3cret", stored.BackendId, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", stored.ToString(), StringComparison.Ordinal);
        Assert.Equal(_receiver.Url("in/" + ExpectedSegment).AbsoluteUri, stored.BackendId);
    }

    [Fact]
    public async Task Locate_names_the_object_without_a_request()
    {
        var backend = HttpBackend(_receiver.Url("in").ToString());

        var located = Handler().Locate(backend, Voicemail());

        Assert.Equal(ExpectedSegment, located.ObjectName);
        Assert.Null(located.BackendId);
        Assert.Equal(_receiver.Url("in/" + ExpectedSegment), HttpAttachmentHandler.BuildStoreUrl(backend, Voicemail()));
        Assert.Empty(_receiver.Requests);
    }
}
