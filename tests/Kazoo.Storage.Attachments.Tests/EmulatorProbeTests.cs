using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kazoo.Storage.Attachments.Tests.Support;
using Kazoo.Storage.Models;
using Kazoo.Storage.Testing;
using Kazoo.Storage.TestSupport;
using Kazoo.Storage.Validation;
using Microsoft.AspNetCore.Http;
using static Kazoo.Storage.Attachments.Tests.Support.Backends;

namespace Kazoo.Storage.Attachments.Tests;

/// <summary>The Crossbar emulator running the real HTTP handler as its settings probe on PUT /storage.</summary>
public sealed class EmulatorProbeTests : IAsyncLifetime
{
    private const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    private Receiver _receiver = null!;
    private CrossbarEmulator _crossbar = null!;
    private HttpClient _client = null!;
    private string _accountId = null!;

    public async ValueTask InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        // Kazoo refuses http backends on localhost and 127.0.0.1; the receiver is on loopback.
        _crossbar = await CrossbarEmulator.StartAsync(
            new CrossbarEmulatorOptions { Validation = ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] } },
            Cancel);
        _accountId = _crossbar.AddAccount("Acme Recordings").Id;
        _client = new HttpClient { BaseAddress = _crossbar.BaseAddress };
        _client.DefaultRequestHeaders.Add("X-Auth-Token", _crossbar.IssueToken(_accountId));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _crossbar.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    private string StoragePath => "v2/accounts/" + _accountId + "/storage";

    private async Task<(HttpStatusCode Status, JsonElement Body)> PutStorageAsync(string url)
    {
        var data = new JsonObject
        {
            ["attachments"] = new JsonObject
            {
                [AttachmentId] = new JsonObject { ["handler"] = "http", ["name"] = "recordings", ["settings"] = new JsonObject { ["url"] = url } },
            },
        };
        using var response = await _client.PutAsJsonAsync(StoragePath, new JsonObject { ["data"] = data }, Cancel);
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>(Cancel));
    }

    [Fact]
    public async Task A_reachable_backend_passes_the_probe_and_gets_its_sig()
    {
        _crossbar.RegisterProbe(Handler());

        var (status, body) = await PutStorageAsync(_receiver.Url("kazoo").ToString());

        Assert.Equal(HttpStatusCode.Created, status);
        var entry = body.GetProperty("data").GetProperty("attachments").GetProperty(AttachmentId);
        Assert.Matches("^[0-9a-f]{32}$", entry.GetProperty("_sig").GetString());
        var requests = _receiver.Requests;
        Assert.Equal(["PUT", "GET", "DELETE"], requests.Select(r => r.Method));
        // The probe names the test file for the request's account, with the default field list.
        Assert.Matches("^/kazoo/" + _accountId + "/[0-9a-f]{32}/[0-9a-f]{32}_test_credentials_file.txt$", requests[0].Target);
    }

    [Fact]
    public async Task A_refusing_backend_gives_crossbars_400_with_the_invalid_error()
    {
        _receiver.Intercept = async (context, record) =>
        {
            await Receiver.ReadBodyAsync(context, record);
            context.Response.StatusCode = 403;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"error":"read only"}""");
            return true;
        };
        _crossbar.RegisterProbe(Handler());

        var (status, body) = await PutStorageAsync(_receiver.Url("kazoo").ToString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("validation error", body.GetProperty("message").GetString());
        Assert.Equal(
            "{\"attachments." + AttachmentId + "\":{\"invalid\":{\"error_code\":403,\"error_body\":{\"error\":\"read only\"},\"message\":\"403 Forbidden\"}}}",
            body.GetProperty("data").GetRawText());
        Assert.Null(_crossbar.GetStoredDocument(_accountId));
    }

    [Fact]
    public async Task An_unreachable_backend_is_a_socket_error()
    {
        _crossbar.RegisterProbe(Handler());
        var (status, body) = await PutStorageAsync(Loopback.ClosedUrl("kazoo").ToString());

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var detail = body.GetProperty("data").GetProperty("attachments." + AttachmentId).GetProperty("invalid");
        Assert.Equal(500, detail.GetProperty("error_code").GetInt32());
        Assert.Equal("Socket error: econnrefused", detail.GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_delegate_adapter_probes_too_and_the_sdk_probe_accepts_the_emulators_sig()
    {
        _crossbar.RegisterProbe("http", AttachmentHandlerProbe.Create(Handler(), _accountId));
        var (status, _) = await PutStorageAsync(_receiver.Url("kazoo").ToString());
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(3, _receiver.Requests.Count);

        using var get = await _client.GetAsync(StoragePath, Cancel);
        var data = (await get.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("data");
        var document = data.Deserialize(KazooStorageJson.GetTypeInfo<StorageDocument>())!;
        var report = await new StorageDocumentProbe([Handler()], new StorageDocumentProbeOptions { SkipSignedEntries = true })
            .ProbeAsync(document, _accountId, Cancel);

        Assert.Equal(AttachmentBackendProbeOutcome.Skipped, Assert.Single(report).Outcome);
        Assert.Equal(3, _receiver.Requests.Count);
    }

    [Fact]
    public async Task The_adapter_reports_a_read_back_mismatch_as_invalid_data()
    {
        _receiver.Intercept = async (context, _) =>
        {
            if (context.Request.Method != "GET")
            {
                return false;
            }

            await context.Response.WriteAsync("something else");
            return true;
        };
        var entry = JsonSerializer.SerializeToElement(new JsonObject { ["handler"] = "http", ["settings"] = new JsonObject { ["url"] = _receiver.Url("p").ToString() } });

        var result = await AttachmentHandlerProbe.RunAsync(Handler(), entry, _accountId, cancellationToken: Cancel);

        Assert.False(result.Success);
        Assert.Equal(500, result.ErrorCode);
        Assert.Equal("invalid_data", result.Message);
    }

    [Fact]
    public async Task Any_kind_a_registered_handler_serves_is_probed_through_the_stores_lookup()
    {
        var dropbox = new RefusingDropbox();
        _crossbar.RegisterProbes([Handler(), dropbox]);
        var data = new JsonObject
        {
            ["attachments"] = new JsonObject
            {
                [AttachmentId] = new JsonObject { ["handler"] = "dropbox", ["settings"] = new JsonObject { ["oauth_doc_id"] = "d0c" } },
            },
        };

        using var response = await _client.PutAsJsonAsync(StoragePath, new JsonObject { ["data"] = data }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = body.GetProperty("data").GetProperty("attachments." + AttachmentId).GetProperty("invalid");
        Assert.Equal(409, detail.GetProperty("error_code").GetInt32());
        Assert.Equal("path/conflict", detail.GetProperty("message").GetString());
        Assert.Equal(1, dropbox.Puts);
    }

    [Fact]
    public async Task The_probe_registered_last_for_a_kind_wins_delegate_or_handler()
    {
        var dropbox = new RefusingDropbox();
        var data = new JsonObject
        {
            ["attachments"] = new JsonObject
            {
                [AttachmentId] = new JsonObject { ["handler"] = "dropbox", ["settings"] = new JsonObject { ["oauth_doc_id"] = "d0c" } },
            },
        };

        _crossbar.RegisterProbe(dropbox);
        _crossbar.RegisterProbe("dropbox", (_, _, _) => Task.FromResult(ProbeResult.Ok));
        using var passed = await _client.PutAsJsonAsync(StoragePath, new JsonObject { ["data"] = data }, Cancel);
        _crossbar.RegisterProbe(dropbox);
        using var failed = await _client.PostAsJsonAsync(StoragePath, new JsonObject { ["data"] = data.DeepClone() }, Cancel);

        Assert.Equal(HttpStatusCode.Created, passed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, failed.StatusCode);
        Assert.Equal(1, dropbox.Puts);
    }

    /// <summary>A dropbox handler whose backend refuses every upload.</summary>
    private sealed class RefusingDropbox : AttachmentHandler<StorageAttachmentDropbox>
    {
        public int Puts { get; private set; }

        public override string Kind => "dropbox";

        protected override Task<StoredAttachment> PutCoreAsync(StorageAttachmentDropbox backend, AttachmentLocation location, StoredAttachment located, Stream content, string contentType, CancellationToken cancellationToken)
        {
            Puts++;
            throw new AttachmentHandlerException(Kind, 409, "path/conflict");
        }

        protected override Task<Stream> OpenReadCoreAsync(StorageAttachmentDropbox backend, StoredAttachment stored, CancellationToken cancellationToken) =>
            throw new AttachmentHandlerException(Kind, 409, "path/not_found");

        protected override Task DeleteCoreAsync(StorageAttachmentDropbox backend, StoredAttachment stored, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
