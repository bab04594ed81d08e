using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Kazoo.Storage.Client.Tests.Support;
using Kazoo.Storage.Crossbar;
using Kazoo.Storage.TestSupport;
using Microsoft.Extensions.Logging;

namespace Kazoo.Storage.Client.Tests.Integration;

/// <summary>The overloads that take a document's or a patch's JSON text and send it byte for byte.</summary>
public sealed class JsonBodyTests
{
    private const string Secret = "raw-secret-value-123";

    /// <summary>An S3 backend whose bucket is a number: no record can hold it, Kazoo's schema refuses it. Odd spacing on purpose.</summary>
    private static string WrongType(string id) =>
        "{ \"attachments\" :{\"" + id + "\":\n\t{\"handler\": \"s3\", \"settings\": {\"bucket\": 1.0E3, \"key\": \"k\\u0065y\", \"secret\": \"" + Secret + "\"}}}}";

    [Theory]
    [InlineData("PUT")]
    [InlineData("POST")]
    [InlineData("PATCH")]
    public async Task With_validation_off_the_bytes_go_as_given_and_kazoos_400_comes_back(string method)
    {
        using var logs = new LogCapture();
        using var loggerFactory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        var transport = new RecordingTransport();
        await using var crossbar = await Emulator.StartAsync();
        var (scope, client) = AccountClient(crossbar, o => { o.ValidateBeforeSending = false; o.Transport = transport; }, loggerFactory);
        var ct = TestContext.Current.CancellationToken;
        if (method != "PUT")
        {
            await client.CreateAsync(scope, TestDocuments.WithAttachment(TestDocuments.NewId(), TestDocuments.Http()), ct);
        }

        var id = TestDocuments.NewId();
        var json = Encoding.UTF8.GetBytes(WrongType(id));
        var error = await Assert.ThrowsAsync<CrossbarException>(() => method switch
        {
            "PUT" => client.CreateFromJsonAsync(scope, json, ct),
            "POST" => client.ReplaceFromJsonAsync(scope, json, ct),
            _ => client.PatchFromJsonAsync(scope, json, ct),
        });

        Assert.Equal("{\"data\":" + WrongType(id) + "}", Assert.Single(transport.Bodies, b => b.Method == method && b.Path.EndsWith("/storage", StringComparison.Ordinal)).Body);
        Assert.False(error.IsLocal);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.True(error.ValidationErrors.Contains("attachments." + id, "not_one_schema_valid"), error.Message);
        Assert.DoesNotContain(Secret, error.ToString());
        Assert.DoesNotContain(Secret, logs.All);
    }

    [Fact]
    public async Task A_valid_document_is_saved_from_its_text_as_it_reads()
    {
        await using var crossbar = await Emulator.StartAsync();
        var (scope, client) = AccountClient(crossbar);
        var ct = TestContext.Current.CancellationToken;
        var id = TestDocuments.NewId();
        var text = "{\n  \"attachments\": {\"" + id + "\": {\"handler\": \"http\", \"name\": \"files\", \"settings\": {\"url\": \"https://files.example.com/vm\"}}},\n"
            + "  \"plan\": {\"modb\": {\"types\": {\"mailbox_message\": {\"attachments\": {\"handler\": \"" + id + "\"}}}}}\n}\n";

        var created = await client.CreateFromJsonAsync(scope, Encoding.UTF8.GetBytes(text), ct);
        var replaced = await client.ReplaceFromJsonAsync(scope, Encoding.UTF8.GetBytes(text.Replace("/vm", "/replaced", StringComparison.Ordinal)), ct);
        var patched = await client.PatchFromJsonAsync(scope, Encoding.UTF8.GetBytes("{\"ui_metadata\": {\"origin\": \"patched\"}}"), ct);

        Assert.Equal(HttpStatusCode.Created, created.Status);
        Assert.True(created.Value.Attachments![id].ExtensionData.ContainsKey("_sig"));
        Assert.Equal(HttpStatusCode.OK, replaced.Status);
        Assert.Equal("patched", patched.Value.UiMetadataOf()!.Value.GetProperty("origin").GetString());
        Assert.Contains("/replaced", crossbar.GetStoredDocument(scope.AccountId!)!.Value.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_validation_on_the_text_is_checked_first_and_nothing_is_sent()
    {
        await using var crossbar = await Emulator.StartAsync();
        var (scope, client) = AccountClient(crossbar);
        var ct = TestContext.Current.CancellationToken;
        var id = TestDocuments.NewId();
        var json = Encoding.UTF8.GetBytes(WrongType(id));

        var create = await Assert.ThrowsAsync<CrossbarException>(() => client.CreateFromJsonAsync(scope, json, ct));
        var patch = await Assert.ThrowsAsync<CrossbarException>(() => client.PatchFromJsonAsync(scope, json, ct));
        var notAnObject = await Assert.ThrowsAsync<ArgumentException>(() => client.PatchFromJsonAsync(scope, "[1]"u8.ToArray(), ct));

        Assert.True(create.IsLocal);
        Assert.True(create.ValidationErrors.Contains($"attachments.{id}.settings.bucket", "type"), create.Message);
        Assert.True(patch.IsLocal);
        Assert.Equal("utf8Json", notAnObject.ParamName);
        Assert.DoesNotContain(Secret, create.ToString() + patch);
        Assert.Equal(0, crossbar.CountRequests("PUT", "/v2/accounts/") + crossbar.CountRequests("PATCH", "/v2/accounts/"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"settings\": {\"secret\": \"" + Secret + "\"")]
    [InlineData("{\"secret\": \"" + Secret + "\"} trailing")]
    public async Task Text_that_is_not_json_is_refused_without_its_content_whatever_the_options(string text)
    {
        await using var crossbar = await Emulator.StartAsync();
        var ct = TestContext.Current.CancellationToken;
        foreach (var validate in new[] { true, false })
        {
            var client = Emulator.Client(crossbar, configure: o => o.ValidateBeforeSending = validate);

            var error = await Assert.ThrowsAsync<ArgumentException>(() => client.ReplaceFromJsonAsync(StorageScope.System, Encoding.UTF8.GetBytes(text), ct));

            Assert.Equal("utf8Json", error.ParamName);
            Assert.StartsWith("utf8Json is not JSON", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, error.Message);
        }

        Assert.Equal(0, crossbar.RequestCount);
    }

    /// <summary>A new account's scope, and a client that logs in with its API key.</summary>
    private static (StorageScope Scope, KazooStorageClient Client) AccountClient(Testing.CrossbarEmulator crossbar, Action<KazooStorageClientOptions>? configure = null, ILoggerFactory? loggerFactory = null)
    {
        var account = crossbar.AddAccount("acme");
        return (StorageScope.Account(account.Id), Emulator.Client(crossbar, CrossbarCredentials.FromApiKey(account.ApiKey), configure, loggerFactory));
    }

    /// <summary>The real transport, keeping what each request sent.</summary>
    private sealed class RecordingTransport() : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentQueue<(string Method, string Path, string Body)> Bodies { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is { } content)
            {
                Bodies.Enqueue((request.Method.Method, request.RequestUri!.AbsolutePath, await content.ReadAsStringAsync(cancellationToken)));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
