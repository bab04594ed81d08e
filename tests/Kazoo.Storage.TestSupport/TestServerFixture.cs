using System.Security.Cryptography;
using Kazoo.Storage.Attachments;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// A real server the integration tests of one test class use, started outside the test run (a <c>tests/servers/…/start.sh</c>
/// script; CI's <c>.ci/run</c> runs it) and found through the environment variables it prints: an endpoint and two
/// credentials. Without them the tests that need the server skip with a loud reason, or fail when
/// <c>KAZOO_REQUIRE_ALL_TESTS=1</c> (CI fails skips). A test project derives its fixture (the class's own bucket or
/// container) and implements xunit's <c>IAsyncLifetime</c> through <see cref="InitializeAsync"/> and <see cref="DisposeAsync"/>.
/// </summary>
/// <param name="server">What the skip message calls the server, e.g. <c>S3</c>.</param>
/// <param name="howToStart">How to start one, e.g. <c>Start one with tests/servers/radosgw/start.sh</c>.</param>
/// <param name="endpointVariable">The endpoint's variable.</param>
/// <param name="userVariable">The variable of the account or access key.</param>
/// <param name="secretVariable">The variable of its key or secret.</param>
public abstract class TestServerFixture(string server, string howToStart, string endpointVariable, string userVariable, string secretVariable) : IAsyncDisposable
{
    /// <summary>Why the server cannot be used, or null when it can.</summary>
    public string? Missing { get; private set; }

    /// <summary>The server's endpoint.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The account or access key.</summary>
    protected string User { get; private set; } = "";

    /// <summary>Its key or secret.</summary>
    protected string Secret { get; private set; } = "";

    /// <summary>A recording in a new document of a June 2024 MODB: a name no other test on the shared server uses.</summary>
    /// <param name="name">The attachment name.</param>
    public AttachmentLocation Recording(string name) =>
        new(KazooDatabaseName.Modb("0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", 2024, 6), Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)), name);

    /// <summary>
    /// Skips the calling test with a loud reason when no server is configured (<paramref name="skip"/>), or fails it
    /// (<paramref name="fail"/>) when every test must run.
    /// </summary>
    /// <param name="fail">xunit's <c>Assert.Fail</c>.</param>
    /// <param name="skip">xunit's <c>Assert.Skip</c>.</param>
    protected void Require(Action<string> fail, Action<string> skip)
    {
        if (Missing is { } reason)
        {
            var message = $"NO {server} SERVER: {reason} {howToStart} and export the variables it prints ({endpointVariable}, {userVariable}, {secretVariable}); CI does this in .ci/run.";
            (Environment.GetEnvironmentVariable("KAZOO_REQUIRE_ALL_TESTS") == "1" ? fail : skip)(message);
        }
    }

    /// <summary>Reads the variables and, when they are all there, connects (<see cref="ConnectAsync"/>).</summary>
    public async ValueTask InitializeAsync()
    {
        var endpoint = Environment.GetEnvironmentVariable(endpointVariable);
        if (string.IsNullOrEmpty(endpoint) || !Uri.TryCreate(endpoint, UriKind.Absolute, out var uri))
        {
            Missing = $"{endpointVariable} is not set (or not an absolute URL).";
            return;
        }

        Endpoint = uri;
        User = Environment.GetEnvironmentVariable(userVariable) ?? "";
        Secret = Environment.GetEnvironmentVariable(secretVariable) ?? "";
        if (User.Length == 0 || Secret.Length == 0)
        {
            Missing = $"{userVariable} or {secretVariable} is not set.";
            return;
        }

        await ConnectAsync();
    }

    /// <summary>Makes the plain SDK client and the class's own bucket or container.</summary>
    protected abstract Task ConnectAsync();

    /// <summary>Removes what <see cref="ConnectAsync"/> made, if it ran.</summary>
    public abstract ValueTask DisposeAsync();
}
