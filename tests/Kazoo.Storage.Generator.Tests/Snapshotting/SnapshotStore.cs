using System.Text;

namespace Kazoo.Storage.Generator.Tests.Snapshotting;

/// <summary>
/// A folder of <c>*.verified.cs</c> snapshots, named the way Verify.SourceGenerators names them
/// (<c>{Class}.{Method}#{hint}.verified.cs</c>). A missing or different snapshot writes <c>*.received.cs</c> beside it
/// and fails; in accept mode the received content becomes the verified snapshot instead.
/// </summary>
internal sealed class SnapshotStore
{
    /// <summary>Set to <c>1</c> to accept every received snapshot (write the verified files) instead of failing.</summary>
    public const string AcceptVariable = "KAZOO_ACCEPT_SNAPSHOTS";

    private const string VerifiedSuffix = ".verified.cs";
    private const string ReceivedSuffix = ".received.cs";

    // Snapshots are committed as UTF-8 without a BOM, LF only (.gitattributes: *.verified.cs text eol=lf).
    private static readonly Encoding s_utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    public SnapshotStore(string directory, bool accept)
    {
        Directory = directory;
        Accept = accept;
    }

    /// <summary>The folder that holds the snapshot files.</summary>
    public string Directory { get; }

    /// <summary>Whether received content overwrites the verified snapshot instead of failing.</summary>
    public bool Accept { get; }

    public static bool AcceptRequested => Environment.GetEnvironmentVariable(AcceptVariable) == "1";

    public string VerifiedPath(string stem) => Path.Combine(Directory, stem + VerifiedSuffix);

    public string ReceivedPath(string stem) => Path.Combine(Directory, stem + ReceivedSuffix);

    /// <summary>Checks one snapshot; fails the test on a mismatch.</summary>
    public void Verify(string stem, string content)
    {
        if (Check(stem, content) is { } problem)
        {
            FailOn(new[] { problem });
        }
    }

    /// <summary>
    /// Checks a whole set of snapshots that share <paramref name="prefix"/> (<c>{Class}.{Method}</c>) and fails once,
    /// listing every problem, so one run writes all the received files. A verified file under the prefix that no
    /// longer has content (a type that is not generated any more) is a problem too; accepting deletes it.
    /// </summary>
    public void VerifyAll(string prefix, IEnumerable<(string Name, string Content)> items)
    {
        var problems = new List<string>();
        var stems = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, content) in items)
        {
            var stem = Stem(prefix, name);
            if (!stems.Add(stem))
            {
                throw new ArgumentException($"Two snapshots are named '{stem}'.", nameof(items));
            }

            if (Check(stem, content) is { } problem)
            {
                problems.Add(problem);
            }
        }

        if (System.IO.Directory.Exists(Directory))
        {
            foreach (var verified in System.IO.Directory.EnumerateFiles(Directory, prefix + "#*" + VerifiedSuffix))
            {
                var stem = Path.GetFileName(verified)[..^VerifiedSuffix.Length];
                if (stems.Contains(stem))
                {
                    continue;
                }

                if (Accept)
                {
                    File.Delete(verified);
                }
                else
                {
                    problems.Add($"Verified snapshot {stem} has no received content any more: {verified}. Delete it, or accept (see below).");
                }
            }
        }

        FailOn(problems);
    }

    /// <summary>The file stem for a snapshot: <c>{prefix}#{name}</c>, without the name's <c>.cs</c> (as Verify does).</summary>
    public static string Stem(string prefix, string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return prefix;
        }

        var trimmed = name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) ? name[..^3] : name;
        return prefix + "#" + trimmed;
    }

    /// <summary>Normalises line endings to LF, so a snapshot compares the same on every OS and checkout.</summary>
    public static string Normalize(string content) => content.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <returns>Null when the snapshot matches (or was accepted); otherwise what is wrong.</returns>
    private string? Check(string stem, string content)
    {
        var received = Normalize(content);
        var verifiedPath = VerifiedPath(stem);
        var receivedPath = ReceivedPath(stem);
        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath, s_utf8)) : null;

        if (verified == received)
        {
            File.Delete(receivedPath);
            return null;
        }

        System.IO.Directory.CreateDirectory(Directory);
        if (Accept)
        {
            File.WriteAllText(verifiedPath, received, s_utf8);
            File.Delete(receivedPath);
            return null;
        }

        File.WriteAllText(receivedPath, received, s_utf8);
        return verified is null
            ? $"No verified snapshot for {stem}. Received: {receivedPath}"
            : $"Snapshot {stem} differs from {verifiedPath}{FirstDifference(verified, received)}{Environment.NewLine}  Received: {receivedPath}";
    }

    private static string FirstDifference(string verified, string received)
    {
        var expected = verified.Split('\n');
        var actual = received.Split('\n');
        for (var i = 0; i < Math.Max(expected.Length, actual.Length); i++)
        {
            var left = i < expected.Length ? expected[i] : "<end of file>";
            var right = i < actual.Length ? actual[i] : "<end of file>";
            if (left != right)
            {
                return $"{Environment.NewLine}  first difference at line {i + 1}:{Environment.NewLine}    verified: {left}{Environment.NewLine}    received: {right}";
            }
        }

        return "";
    }

    private static void FailOn(IReadOnlyList<string> problems)
    {
        if (problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        foreach (var problem in problems)
        {
            message.AppendLine(problem);
        }

        message.Append("To accept the received snapshots, set the environment variable ").Append(AcceptVariable)
            .Append("=1 and run the tests again (dotnet test -e ").Append(AcceptVariable)
            .Append("=1 …), or rename each *.received.cs file to *.verified.cs. Review the diff before committing.");
        Assert.Fail(message.ToString());
    }
}
