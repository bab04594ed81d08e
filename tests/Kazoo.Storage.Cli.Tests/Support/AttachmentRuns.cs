namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>
/// What the attachment tests do and check through every backend kind: a round trip (put, get, delete; each a new run of the
/// CLI, which finds the object by Kazoo's name alone, as a later invocation or Kazoo would) and the answers of <c>--json</c>.
/// </summary>
internal static class AttachmentRuns
{
    /// <summary>
    /// Stores <paramref name="content"/>, reads it back into a file and deletes it, each a run with <paramref name="options"/>
    /// and <c>--json</c>; checks every answer, the bytes read back, and that the backend holds the object after the put and
    /// no more after the delete.
    /// </summary>
    /// <param name="files">Where the file to store and the file read back go.</param>
    /// <param name="content">The attachment.</param>
    /// <param name="options">The documents, the attachment's name and the endpoints.</param>
    /// <param name="objectName">The object's name, as Kazoo names it.</param>
    /// <param name="kind">The backend's kind.</param>
    /// <param name="stored">Whether the backend holds the object.</param>
    /// <param name="environment">The CLI's environment.</param>
    /// <returns>The three runs.</returns>
    public static async Task<CliResult[]> AssertRoundTripAsync(
        TempFiles files, byte[] content, string[] options, string objectName, string kind, Func<Task<bool>> stored, IReadOnlyDictionary<string, string>? environment = null)
    {
        environment ??= new Dictionary<string, string>();
        var output = files.PathOf("back.mp3");
        var put = await Tool.RunAsync(environment, ["attachment", "put", files.WriteBytes("message.mp3", content), .. options, "--json"]);
        AssertAnswer(put, objectName, kind, content);
        Assert.True(await stored(), $"{objectName} is not on the backend after the put");
        var get = await Tool.RunAsync(environment, ["attachment", "get", "-o", output, .. options, "--json"]);
        AssertAnswer(get, objectName, kind, content);
        Assert.Equal(content, File.ReadAllBytes(output));
        var delete = await Tool.RunAsync(environment, ["attachment", "delete", .. options, "--json"]);
        AssertAnswer(delete, objectName, kind, null);
        Assert.False(await stored(), $"{objectName} is still on the backend after the delete");
        return [put, get, delete];
    }

    /// <summary>
    /// The run succeeded and its JSON answers for <paramref name="content"/> (null for a delete, which moves no bytes) under
    /// <paramref name="objectName"/>, through the <paramref name="kind"/> handler.
    /// </summary>
    public static void AssertAnswer(CliResult result, string objectName, string kind, byte[]? content)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        var json = result.Json;
        Assert.Equal(["object_name", "attachment_handler_kind", "bytes", "sha256"], json.EnumerateObject().Select(m => m.Name));
        Assert.Equal(objectName, json.GetProperty("object_name").GetString());
        Assert.Equal(kind, json.GetProperty("attachment_handler_kind").GetString());
        Assert.Equal(content?.LongLength, json.GetProperty("bytes").ValueKind == JsonValueKind.Null ? null : json.GetProperty("bytes").GetInt64());
        Assert.Equal(content is null ? null : Convert.ToHexStringLower(SHA256.HashData(content)), json.GetProperty("sha256").GetString());
    }

    /// <summary>The backend refused: exit <paramref name="exitCode"/>, its HTTP <paramref name="status"/> as JSON, and none of <paramref name="secrets"/> printed.</summary>
    /// <returns>The JSON error.</returns>
    public static JsonElement AssertBackendFailure(CliResult result, int exitCode, int status, params string[] secrets)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var error = result.Json.GetProperty("error");
        Assert.Equal("backend", error.GetProperty("kind").GetString());
        Assert.Equal(status, error.GetProperty("status").GetInt32());
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, result.ToString());
        }

        return error;
    }
}
