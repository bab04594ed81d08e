using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Kazoo.Storage.TestSupport.OneDrive;

/// <summary>
/// Upload sessions as Graph documents them (driveItem: createUploadSession): the session request's JSON, fragments in
/// order with <c>Content-Range: bytes a-b/TOTAL</c> (the total known from the first fragment and the same in all), every
/// fragment but the last a multiple of 320 KiB and under 60 MiB, <c>202 Accepted</c> with <c>nextExpectedRanges</c> until
/// the last one, which is answered with the item; <c>GET</c> for the status, <c>DELETE</c> to cancel.
/// </summary>
public sealed partial class FakeGraph
{
    private const int Granularity = 320 * 1024;
    private const int MaxFragment = 60 * 1024 * 1024;

    private async Task CreateSessionAsync(HttpContext context, string[] segments)
    {
        var request = context.Request;
        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            await ViolationAsync(context, 400, "invalidRequest", $"The session request's Content-Type is '{request.ContentType}'.");
            return;
        }

        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            await ViolationAsync(context, 400, "invalidRequest", "The session request is not JSON.");
            return;
        }

        using (json)
        {
            var root = json.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(m => m.Name is not ("item" or "deferCommit"))
                || (root.TryGetProperty("deferCommit", out var defer) && defer.ValueKind != JsonValueKind.False))
            {
                await ViolationAsync(context, 400, "invalidRequest", $"Unexpected session request: {root.GetRawText()}");
                return;
            }

            var conflict = "fail"; // Graph's default for sessions
            long? fileSize = null;
            if (root.TryGetProperty("item", out var item))
            {
                foreach (var member in item.ValueKind == JsonValueKind.Object ? item.EnumerateObject() : Enumerable.Empty<JsonProperty>())
                {
                    switch (member.Name)
                    {
                        case "@microsoft.graph.conflictBehavior" when member.Value.GetString() is "fail" or "replace" or "rename":
                            conflict = member.Value.GetString()!;
                            break;
                        case "fileSize" when member.Value.TryGetInt64(out var size) && size >= 0:
                            fileSize = size;
                            break;
                        case "name" when member.Value.ValueKind == JsonValueKind.String:
                            if (!string.Equals(member.Value.GetString(), segments[^1], StringComparison.OrdinalIgnoreCase))
                            {
                                await ErrorAsync(context, 400, "invalidRequest", "Name specified in the path doesn't match the name specified in the request body.");
                                return;
                            }

                            break;
                        default:
                            await ViolationAsync(context, 400, "invalidRequest", $"Unexpected item property in the session request: {member.Name}");
                            return;
                    }
                }
            }

            if (conflict == "rename")
            {
                await ViolationAsync(context, 400, "invalidRequest", "Kazoo replaces the file at its path; rename would store it elsewhere.");
                return;
            }

            if (conflict == "fail" && FindPath(segments) is not null)
            {
                await ErrorAsync(context, 409, "nameAlreadyExists", "The specified item name already exists.");
                return;
            }

            if (fileSize > QuotaRemaining)
            {
                await ErrorAsync(context, 507, "quotaLimitReached", "Insufficient Space Available");
                return;
            }

            if (FailUploads is { } failure)
            {
                await ErrorAsync(context, failure.Status, failure.Code, failure.Message);
                return;
            }

            var session = new FakeUploadSession
            {
                Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)),
                Secret = "v1.up." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)),
                Path = segments,
                ConflictBehavior = conflict,
                DeclaredSize = fileSize,
            };
            Sessions[session.Id] = session;
            UrlSecrets.Enqueue(session.Secret);
            await JsonAsync(context, 200, new Dictionary<string, object>
            {
                ["@odata.context"] = $"{GraphBase}v1.0/$metadata#microsoft.graph.uploadSession",
                ["uploadUrl"] = new Uri(ContentBase, $"up/{session.Id}?tempauth={session.Secret}").AbsoluteUri,
                ["expirationDateTime"] = "2024-01-16T12:00:00Z",
                ["nextExpectedRanges"] = new[] { "0-" },
            });
        }
    }

    private async Task SessionRequestAsync(HttpContext context, string id, string query)
    {
        if (!Sessions.TryGetValue(id, out var session) || session.Cancelled || session.ItemId is not null)
        {
            await ErrorAsync(context, 404, "itemNotFound", "The upload session was not found.");
            return;
        }

        if (query != "tempauth=" + session.Secret)
        {
            await ViolationAsync(context, 401, "unauthenticated", "The upload URL's credential does not match.");
            return;
        }

        switch (context.Request.Method)
        {
            case "PUT":
                await FragmentAsync(context, session);
                return;
            case "GET":
                session.StatusQueries++;
                await ProgressAsync(context, 200, session);
                return;
            case "DELETE":
                session.Cancelled = true;
                context.Response.StatusCode = 204;
                return;
            default:
                await ViolationAsync(context, 405, "invalidRequest", $"{context.Request.Method} on an upload URL.");
                return;
        }
    }

    private async Task FragmentAsync(HttpContext context, FakeUploadSession session)
    {
        var header = context.Request.Headers.ContentRange.ToString();
        session.ContentRanges.Add(header);
        if (!TryParseContentRange(header, out var first, out var last, out var total))
        {
            await ViolationAsync(context, 400, "invalidRange", $"Content-Range '{header}' is not 'bytes a-b/TOTAL' (the total must be known).");
            return;
        }

        var length = last - first + 1;
        if (context.Request.ContentLength != length)
        {
            await ViolationAsync(context, 400, "invalidRequest", $"Content-Length {context.Request.ContentLength} does not match Content-Range '{header}'.");
            return;
        }

        if (length >= MaxFragment)
        {
            await ViolationAsync(context, 400, "invalidRequest", $"A fragment of {length} bytes is not under 60 MiB.");
            return;
        }

        if (session.Total is { } known ? known != total : session.DeclaredSize is { } declared && declared != total)
        {
            await ViolationAsync(context, 400, "invalidRequest", $"Content-Range '{header}' states another total than the session's.");
            return;
        }

        using var body = new MemoryStream((int)length);
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        if (body.Length != length)
        {
            await ViolationAsync(context, 400, "invalidRequest", $"The fragment has {body.Length} bytes where Content-Range '{header}' says {length}.");
            return;
        }

        var received = session.Received.Length;
        if (first != received)
        {
            await ViolationAsync(context, 416, first < received ? "invalidRange" : "invalidRequest", first < received
                ? "The uploaded fragment overlaps with data that has already been received."
                : $"Fragment '{header}' leaves a gap after the {received} bytes received; fragments go in order.");
            return;
        }

        var final = last + 1 == total;
        if (last + 1 > total)
        {
            await ViolationAsync(context, 400, "invalidRange", $"Fragment '{header}' goes past the total.");
            return;
        }

        if (!final && length % Granularity != 0)
        {
            await ViolationAsync(context, 400, "invalidRange", $"Fragment '{header}' is not the last and not a multiple of 320 KiB.");
            return;
        }

        if (session.Total is null)
        {
            session.Total = total;
            session.Received.Capacity = (int)Math.Min(total, int.MaxValue);
        }

        var index = session.Fragments++;
        if (FailFragmentOnce == index || FailEveryFragment
            || (FailFirstAttemptOfEachFragment && session.ContentRanges.Count(r => r == header) == 1))
        {
            FailFragmentOnce = null;
            context.Response.Headers.RetryAfter = "0";
            await ErrorAsync(context, 503, "serviceNotAvailable", "The service is not available. Try the request again after a delay.");
            return;
        }

        if (LoseFragmentOnce is { } lost && lost.Index == index)
        {
            LoseFragmentOnce = null;
            session.Received.Write(body.GetBuffer(), 0, lost.Kept);
            await ProgressAsync(context, 202, session);
            return;
        }

        session.Received.Write(body.GetBuffer(), 0, (int)body.Length);
        if (DropAnswerOfFragmentOnce == index)
        {
            DropAnswerOfFragmentOnce = null;
            context.Abort();
            return;
        }

        if (AnswerNextExpectedOfFragmentOnce is { } answer && answer.Index == index && !final)
        {
            AnswerNextExpectedOfFragmentOnce = null;
            await ProgressAsync(context, 202, answer.Range);
            return;
        }

        if (!final)
        {
            await ProgressAsync(context, 202, session);
            return;
        }

        var (status, node) = Store(session.Path, session.Received.ToArray(), mimeType: null, replace: session.ConflictBehavior == "replace");
        if (node is null)
        {
            await ErrorAsync(context, 409, "nameAlreadyExists", "Another file exists with the same name as the uploaded session.");
            return;
        }

        session.ItemId = node.Id;
        await JsonAsync(context, status, Item(node));
    }

    private static Task ProgressAsync(HttpContext context, int status, FakeUploadSession session) =>
        ProgressAsync(context, status, session.Received.Length.ToString(CultureInfo.InvariantCulture) + "-");

    private static Task ProgressAsync(HttpContext context, int status, string nextExpected) =>
        JsonAsync(context, status, new Dictionary<string, object>
        {
            ["expirationDateTime"] = "2024-01-16T12:00:00Z",
            ["nextExpectedRanges"] = new[] { nextExpected },
        });

    private static bool TryParseContentRange(string header, out long first, out long last, out long total)
    {
        first = last = total = 0;
        if (!header.StartsWith("bytes ", StringComparison.Ordinal))
        {
            return false;
        }

        var spec = header["bytes ".Length..];
        var slash = spec.IndexOf('/', StringComparison.Ordinal);
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        return slash > 0 && dash > 0 && dash < slash
            && long.TryParse(spec.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out first)
            && long.TryParse(spec.AsSpan(dash + 1, slash - dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out last)
            && long.TryParse(spec.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out total)
            && last >= first;
    }
}
