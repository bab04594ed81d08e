using Kazoo.Storage.GoogleDrive.Drive;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.GoogleDrive.Tests;

/// <summary>The search query the handler writes, read back by the fake's strict parser.</summary>
public sealed class DriveQueryTests
{
    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("O'Brien", @"'O\'Brien'")]
    [InlineData(@"back\slash", @"'back\\slash'")]
    [InlineData(@"\'", @"'\\\''")]
    [InlineData("", "''")]
    public void Quote_escapes_quotes_and_backslashes(string value, string expected) =>
        Assert.Equal(expected, DriveQuery.Quote(value));

    [Theory]
    [InlineData("voicemail")]
    [InlineData("it's")]
    [InlineData(@"a\b")]
    [InlineData(@"'\'\\")]
    [InlineData("ends with \\")]
    [InlineData("  spaced  and  ")]
    [InlineData("émoji 📞 and = signs != 'in parents'")]
    public void Folder_queries_parse_back_to_the_same_values(string name)
    {
        var terms = DriveQueryParser.Parse(DriveQuery.Folder("1parent'id", name));

        Assert.Equal(
            [
                new DriveQueryTerm("parents", "in", "1parent'id"),
                new DriveQueryTerm("name", "=", name),
                new DriveQueryTerm("mimeType", "=", "application/vnd.google-apps.folder"),
            ],
            terms);
    }

    [Fact]
    public void Random_names_survive_the_round_trip()
    {
        var random = new Random(20240115);
        const string Alphabet = "ab'\\ \"=!()é";
        for (var i = 0; i < 500; i++)
        {
            var name = new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => Alphabet[random.Next(Alphabet.Length)]).ToArray());
            var terms = DriveQueryParser.Parse(DriveQuery.File("root", name));
            Assert.Equal(name, terms[1].Value);
            Assert.Equal(new DriveQueryTerm("mimeType", "!=", "application/vnd.google-apps.folder"), terms[2]);
        }
    }

    [Theory]
    [InlineData("'root' in parents and name = 'it's'")]
    [InlineData(@"'root' in parents and name = 'a\b'")]
    [InlineData("'root' in parents and name = 'open")]
    [InlineData("'root' in parents name = 'x'")]
    public void The_fake_rejects_what_Drive_would_reject(string query) =>
        Assert.Throws<FormatException>(() => DriveQueryParser.Parse(query));
}
