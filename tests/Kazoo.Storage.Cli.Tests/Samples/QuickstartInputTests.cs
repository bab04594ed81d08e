namespace Kazoo.Storage.Cli.Tests.Samples;

/// <summary>samples/Quickstart given what a person might get wrong: a usage message and exit 2, never a crash.</summary>
public sealed class QuickstartInputTests
{
    private static readonly Dictionary<string, string> s_environment = new()
    {
        ["KAZOO_API_KEY"] = "testkey",
        ["AWS_ACCESS_KEY_ID"] = "testkey",
        ["AWS_SECRET_ACCESS_KEY"] = "testsecret",
    };

    [Theory]
    [InlineData("KAZOO_API_KEY", "")]
    [InlineData("AWS_ACCESS_KEY_ID", "")]
    [InlineData("AWS_SECRET_ACCESS_KEY", " ")]
    public async Task An_empty_environment_variable_is_named_exit_2(string variable, string value)
    {
        var environment = new Dictionary<string, string>(s_environment) { [variable] = value };

        var (exitCode, error) = await RunAsync(environment, "http://127.0.0.1:1/", Documents.AccountId, "voicemail-bucket");

        Assert.True(exitCode == 2, error);
        Assert.Equal($"Set the environment variable {variable}.", error.Trim());
    }

    [Theory]
    [InlineData("kazoo.example.com", Documents.AccountId, "Not an http or https URL: kazoo.example.com")]
    [InlineData("http://127.0.0.1:1/", "nonsense", "Not a Kazoo account id (32 lowercase letters and digits): nonsense")]
    public async Task A_malformed_argument_is_named_exit_2(string url, string accountId, string expected)
    {
        var (exitCode, error) = await RunAsync(s_environment, url, accountId, "voicemail-bucket");

        Assert.True(exitCode == 2, error);
        Assert.Equal(expected, error.Trim());
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        // The tests run from tests/Kazoo.Storage.Cli.Tests/bin/{Configuration}/{tfm}/; the sample's output is alike.
        var folder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var quickstart = RepositoryFolder.PathOf("samples", "Quickstart", "bin", folder.Parent!.Name, folder.Name, "Quickstart.dll");
        using var process = ChildProcess.Start(quickstart, environment.ToDictionary(e => e.Key, e => (string?)e.Value), args);
        var (exitCode, _, error) = await ChildProcess.CompleteAsync(process, TimeSpan.FromMinutes(1));
        return (exitCode, error);
    }
}
