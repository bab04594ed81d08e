using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kazoo.Storage.Attachments.Http;
using Kazoo.Storage.Attachments.Tests.Support;
using Microsoft.AspNetCore.Http;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>Fetch (both URL rules), delete, and Kazoo's settings probe through the HTTP handler (spec §7.5, §6.1).</summary>
public sealed class HttpFetchDeleteAndProbeTests : IAsyncLifetime
{
    private static readonly byte[] Audio = Enumerable.Range(0, 3000).Select(i => (byte)(i * 11)).ToArray();
    private Receiver _receiver = null!;

    public async ValueTask InitializeAsync() => _receiver = await Receiver.StartAsync();

    public ValueTask DisposeAsync() => _receiver.DisposeAsync();

    private static string Segment => Backends.AccountId + "/" + Backends.OwnerId + "/" + Backends.DocumentId + "/message.mp3";

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var copy = new MemoryStream();
            await stream.CopyToAsync(copy, Cancel);
            return copy.ToArray();
        }
    }

    [Fact]
    public async Task Fetch_reads_back_from_the_url_the_upload_ended_at()
    {
        _receiver.Intercept = (context, _) =>
        {
            if (!context.Request.Path.StartsWithSegments("/old", StringComparison.Ordinal))
            {
                return Task.FromResult(false);
            }

            context.Response.StatusCode = 301;
            context.Response.Headers.Location = "/new" + context.Request.Path.Value!["/old".Length..];
            return Task.FromResult(true);
        };
        var handler = Handler();
        var backend = HttpBackend(_receiver.Url("old").ToString());
        var stored = await handler.PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        var bytes = await ReadAllAsync(await handler.OpenReadAsync(backend, stored, Cancel));

        Assert.Equal(Audio, bytes);
        var get = _receiver.Requests[^1];
        Assert.Equal("GET", get.Method);
        Assert.Equal("/new/" + Segment, get.Target);
    }

    [Fact]
    public async Task Fetch_of_a_located_attachment_uses_the_upload_url_and_follows_redirects()
    {
        _receiver.Files["/files/" + Segment] = Audio;
        _receiver.Intercept = (context, _) =>
        {
            if (context.Request.Path.StartsWithSegments("/moved", StringComparison.Ordinal))
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "/files" + context.Request.Path.Value!["/moved".Length..];
                return Task.FromResult(true);
            }

            return Task.FromResult(false);
        };
        var handler = Handler();
        var backend = HttpBackend(_receiver.Url("moved/").ToString());

        var bytes = await ReadAllAsync(await handler.OpenReadAsync(backend, handler.Locate(backend, Voicemail()), Cancel));

        Assert.Equal(Audio, bytes);
        Assert.Equal(["/moved/" + Segment, "/files/" + Segment], _receiver.Requests.Select(r => r.Target));
    }

    [Fact]
    public async Task Kazoos_literal_fetch_url_repeats_the_object_name_and_adds_the_public_fields_as_query_parameters()
    {
        var handler = Handler(new HttpAttachmentHandlerOptions { FetchUrl = HttpAttachmentFetchUrl.KazooLiteral });
        var backend = HttpBackend(_receiver.Url("in").ToString());
        var stored = await handler.PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);
        var literal = "/in/" + Segment + "/" + Segment + "?name=Message%20from%205551234&caller_id_number=5551234&length=4200&owner_id=" + Backends.OwnerId;
        _receiver.Files[literal] = Audio;

        var bytes = await ReadAllAsync(await handler.OpenReadAsync(backend, stored, Voicemail(), Cancel));

        Assert.Equal(Audio, bytes);
        Assert.Equal(literal, _receiver.Requests[^1].Target);
    }

    [Fact]
    public void Kazoos_literal_fetch_url_uses_the_metadata_object_when_the_document_has_one_and_no_slash_after_a_query()
    {
        var handler = Handler(new HttpAttachmentHandlerOptions { FetchUrl = HttpAttachmentFetchUrl.KazooLiteral });
        var backend = HttpBackend(_receiver.Url("store?rec=").ToString());
        var location = Voicemail() with
        {
            Document = JsonSerializer.SerializeToElement(new JsonObject
            {
                ["pvt_account_id"] = Backends.AccountId,
                ["owner_id"] = Backends.OwnerId,
                ["metadata"] = new JsonObject { ["from"] = "+1 555", ["tags"] = new JsonArray("a", "b"), ["x"] = new JsonObject { ["y"] = true } },
            }),
        };
        var stored = handler.Locate(backend, location);

        var url = handler.GetFetchUrl(backend, stored, location);

        Assert.Equal(
            _receiver.Url("store?rec=" + Segment + Segment + "&from=%2B1%20555&tags%5B%5D=a&tags%5B%5D=b&x%5By%5D=true").AbsoluteUri,
            url.AbsoluteUri);
    }

    [Fact]
    public async Task The_default_fetch_url_is_the_stored_url_even_with_a_location()
    {
        var handler = Handler();
        var backend = HttpBackend(_receiver.Url("in").ToString());
        var stored = await handler.PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        Assert.Equal(stored.BackendId, handler.GetFetchUrl(backend, stored, Voicemail()).AbsoluteUri);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(204)]
    [InlineData(201)]
    public async Task Fetch_requires_exactly_200(int status)
    {
        _receiver.Intercept = async (context, _) =>
        {
            context.Response.StatusCode = status;
            if (status != 204)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("""{"status":"nope"}""");
            }

            return true;
        };
        var handler = Handler();
        var backend = HttpBackend(_receiver.Url("in").ToString());

        var failure = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.OpenReadAsync(backend, handler.Locate(backend, Voicemail()), Cancel));

        Assert.Equal(status, failure.ErrorCode);
        Assert.StartsWith(status + " ", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_sends_an_http_delete_to_the_stored_url()
    {
        var handler = Handler();
        var backend = HttpBackend(_receiver.Url("in").ToString());
        var stored = await handler.PutAsync(backend, Voicemail(), new MemoryStream(Audio), "audio/mpeg", Cancel);

        await handler.DeleteAsync(backend, stored, Cancel);

        var delete = _receiver.Requests[^1];
        Assert.Equal("DELETE", delete.Method);
        Assert.Equal("/in/" + Segment, delete.Target);
        Assert.Empty(_receiver.Files);

        var again = await Assert.ThrowsAsync<AttachmentHandlerException>(() => handler.DeleteAsync(backend, stored, Cancel));
        Assert.Equal(404, again.ErrorCode);
        Assert.Equal("not_found", again.ErrorBody!.Value.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_probe_writes_reads_and_deletes_kazoos_test_file_under_the_account()
    {
        var handler = Handler();
        var backend = HttpBackend(_receiver.Url("probe/").ToString());

        var result = await AttachmentProbe.ProbeAsync(handler, backend, Backends.AccountId, cancellationToken: Cancel);

        Assert.True(result.Success, result.Failure?.Message);
        var requests = _receiver.Requests;
        Assert.Equal(["PUT", "GET", "DELETE"], requests.Select(r => r.Method));
        Assert.All(requests, r => Assert.Equal(requests[0].Target, r.Target));
        var match = Regex.Match(requests[0].Target, "^/probe/" + Backends.AccountId + "/[0-9a-f]{32}/([0-9a-f]{32})_test_credentials_file.txt$");
        Assert.True(match.Success, requests[0].Target);
        Assert.Equal("some random content: " + match.Groups[1].Value, Encoding.UTF8.GetString(requests[0].Body!));
        Assert.Equal("text/plain", requests[0].Header("Content-Type"));
        Assert.Empty(_receiver.Files);
    }

    [Fact]
    public async Task The_system_probe_names_system_data_as_the_account()
    {
        var result = await AttachmentProbe.ProbeAsync(Handler(), HttpBackend(_receiver.Url("probe").ToString()), accountId: null, cancellationToken: Cancel);

        Assert.True(result.Success);
        Assert.Matches("^/probe/system_data/[0-9a-f]{32}/[0-9a-f]{32}_test_credentials_file.txt$", _receiver.Requests[0].Target);
    }

    [Fact]
    public async Task The_probe_reports_invalid_data_when_the_backend_gives_other_bytes_back()
    {
        _receiver.Intercept = async (context, _) =>
        {
            if (context.Request.Method != "GET")
            {
                return false;
            }

            await context.Response.WriteAsync("some random content: not what was written");
            return true;
        };

        var result = await AttachmentProbe.ProbeAsync(Handler(), HttpBackend(_receiver.Url("probe").ToString()), Backends.AccountId, cancellationToken: Cancel);

        Assert.False(result.Success);
        Assert.Equal("invalid_data", result.Failure!.Reason);
        Assert.Equal(500, result.Failure.ErrorCode);
        Assert.Equal("DELETE", _receiver.Requests[^1].Method);
    }

    [Fact]
    public async Task The_probe_reports_the_backend_refusal_in_kazoos_invalid_shape()
    {
        _receiver.Intercept = async (context, record) =>
        {
            await Receiver.ReadBodyAsync(context, record);
            context.Response.StatusCode = 401;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"message":"bad token"}""");
            return true;
        };

        var result = await AttachmentProbe.ProbeAsync(Handler(), HttpBackend(_receiver.Url("probe").ToString()), Backends.AccountId, cancellationToken: Cancel);

        Assert.False(result.Success);
        Assert.Single(_receiver.Requests);
        Assert.Equal(
            """{"error_code":401,"error_body":{"message":"bad token"},"message":"401 Unauthorized"}""",
            result.Failure!.ToValidationError("0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b").Detail.GetRawText());
        Assert.EndsWith("_test_credentials_file.txt", result.TestFile.ObjectName, StringComparison.Ordinal);
    }
}
