using Kazoo.Storage.Cli.Infrastructure;

namespace Kazoo.Storage.Cli.Tests;

/// <summary>How every command reads its JSON inputs: files, standard input, and what is not a JSON document.</summary>
public sealed class InputTests : CliTest
{
    private const string Limit = "the limit for an input is 16 MiB (16,777,216 bytes)";
    [Fact]
    public async Task A_dash_reads_the_document_from_standard_input()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(Documents.S3Voicemails()));

        var result = await Tool.RunWithInputAsync(input, "validate", "-");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("standard input is a valid storage document", result.Out);
    }

    [Fact]
    public async Task Standard_input_of_any_size_is_cut_off_at_the_limit_which_the_error_names()
    {
        // 4 GiB made up as it is read, as a pipe would bring it.
        using var input = new GeneratedVoicemail(uint.MaxValue);

        var result = await Tool.RunWithInputAsync(input, "validate", "-");

        result.AssertFailure(2, "standard input is too large: " + Limit);
        Assert.InRange(input.Position, 16 * 1024 * 1024, 17 * 1024 * 1024);
    }

    [Fact]
    public async Task A_device_that_never_ends_is_cut_off_at_the_limit_too()
    {
        // A character device has no length, as a pipe has none: only reading tells how much there is.
        Assert.SkipUnless(File.Exists("/dev/zero"), "This system has no /dev/zero.");

        var result = await Tool.RunAsync("validate", "/dev/zero");

        result.AssertFailure(2, "/dev/zero is too large: " + Limit);
    }

    [Fact]
    public async Task A_regular_file_over_the_limit_is_refused_with_its_size()
    {
        var path = Files.WriteBytes("huge.json", new byte[(16 * 1024 * 1024) + 1]);

        var result = await Tool.RunAsync("validate", path);

        result.AssertFailure(2, $"{path} is too large: {Limit} and it is 16,777,217 bytes");
    }

    [Fact]
    public async Task Only_one_input_can_come_from_standard_input()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("{}"));

        var result = await Tool.RunWithInputAsync(input, "resolve", "--db", Documents.Modb, "--system-doc", "-", "--account-doc", "-");

        result.AssertFailure(2, "Only one input can come from standard input (-).");
    }

    [Theory]
    [InlineData("{\"attachments\": {}, \"x\": \"\xFF\"}", 1, 27)]
    [InlineData("{\"ui_metadata\": {\"label\": \"caf\xE9\"}}", 1, 31)]
    [InlineData("{\n  \"\xC3\": 1}", 2, 4)]
    public async Task Bytes_that_are_not_UTF8_are_not_JSON_exit_2_with_where(string latin1, int line, int @byte)
    {
        var path = Files.WriteBytes("storage.json", Encoding.Latin1.GetBytes(latin1));

        var result = await Tool.RunAsync("validate", path);

        result.AssertFailure(2, $"{path} is not JSON at line {line}, byte {@byte}: the bytes here are not UTF-8");
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("put")]
    [InlineData("replace")]
    [InlineData("patch")]
    [InlineData("probe")]
    [InlineData("resolve")]
    public async Task Every_command_refuses_bytes_that_are_not_UTF8(string command)
    {
        var path = Files.WriteBytes("storage.json", Encoding.Latin1.GetBytes("{\"ui_metadata\": {\"label\": \"caf\xE9\"}}"));
        string[] args = command switch
        {
            "resolve" => ["resolve", "--db", Documents.Modb, "--account-doc", path],
            "probe" => ["probe", path],
            _ => [command, path, "--server", Loopback.ClosedUrl().ToString(), "--api-key", "testkey", "--account", Documents.AccountId],
        };

        var result = await Tool.RunAsync(args);

        result.AssertFailure(2, "is not JSON at line 1, byte 31: the bytes here are not UTF-8");
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public async Task An_empty_file_is_said_to_be_empty_in_words(string text)
    {
        var path = Files.Write("empty.json", text);

        var result = await Tool.RunAsync("validate", path);

        result.AssertFailure(2, $"{path} is not JSON: it is empty.");
        Assert.DoesNotContain("isFinalBlock", result.Err);
    }
}
