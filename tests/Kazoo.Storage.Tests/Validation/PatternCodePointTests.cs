using System.Text;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Validation;

/// <summary>
/// Schema patterns as Kazoo's PCRE runs them, in UTF mode without <c>ucp</c>: a character is a code point (a surrogate
/// pair is one), and <c>\d \w \s</c> are ASCII. Each case goes through the regex, the UTF-8 walk (unescaped JSON) and the
/// text walk (escaped JSON), full and verdict-only, in both modes.
/// </summary>
public sealed class PatternCodePointTests
{
    private const string Dragon = "🐲";

    private static bool Valid(string pattern, string value)
    {
        var validator = new SchemaSet([new SchemaNode("t", "#") { Pattern = SchemaRegex.Create(pattern) }], new Dictionary<string, int> { ["t"] = 0 }).Validator("t");
        var verdicts = new List<bool>();
        var escaped = "\"" + Escaped(value) + "\"";
        foreach (var json in value.Any(char.IsControl) ? [escaped] : new[] { "\"" + value + "\"", escaped })
        {
            var utf8 = Encoding.UTF8.GetBytes(json);
            foreach (var options in new[] { ValidationOptions.Default, ValidationOptions.KazooExact })
            {
                verdicts.Add(validator.Validate(utf8, options).IsValid);
                verdicts.Add(validator.IsValid(utf8, options));
            }
        }

        verdicts.Add(SchemaRegex.Create(pattern).IsMatch(value));
        Assert.True(verdicts.Distinct().Count() == 1, $"{pattern} on {value}: {string.Join(", ", verdicts)}");
        return verdicts[0];
    }

    private static string Escaped(string value) => string.Concat(value.Select(c => "\\u" + ((int)c).ToString("x4")));

    [Theory]
    [InlineData("^" + Dragon + "{2}$", Dragon + Dragon, true)] // the quantifier repeats the whole character
    [InlineData("^" + Dragon + "{2}$", Dragon, false)]
    [InlineData("^" + Dragon + "{2}$", Dragon + Dragon + Dragon, false)]
    [InlineData("^a" + Dragon + "+$", "a" + Dragon + Dragon, true)]
    [InlineData("^a" + Dragon + "?b$", "ab", true)]
    [InlineData("^" + Dragon + "*$", "", true)]
    [InlineData("^.$", Dragon, true)]
    [InlineData("^.$", "a", true)]
    [InlineData("^..$", Dragon, false)]
    [InlineData("^.{3}$", "a" + Dragon + "b", true)]
    [InlineData("^.{2}$", Dragon + Dragon, true)]
    [InlineData("^.$", "\n", false)]
    [InlineData("^[^a]$", Dragon, true)]
    [InlineData("^[^a]{2}$", Dragon, false)]
    [InlineData("^[^a]{2}$", Dragon + "b", true)]
    [InlineData("^[^]a]$", Dragon, true)]
    [InlineData("^[^]a]$", "]", false)]
    [InlineData(@"^\S$", Dragon, true)]
    [InlineData(@"^\S{2}$", Dragon, false)]
    [InlineData(@"^\W$", Dragon, true)]
    [InlineData(@"^\D\D$", Dragon + Dragon, true)]
    [InlineData(@"^[^\s]{2}$", Dragon + Dragon, true)] // a fast-path shape: it counts code points too
    [InlineData(@"^[^\s]{2}$", Dragon, false)]
    [InlineData(@"^[^\s]{1,3}$", "ab" + Dragon, true)]
    [InlineData(@"^[^\s]*$", Dragon + " ", false)]
    [InlineData(@"^[a-z]{2}$", Dragon, false)]
    [InlineData(@"^[a-z]{2}$", "ab", true)]
    public void A_character_outside_the_bmp_is_one_character(string pattern, string value, bool valid) =>
        Assert.Equal(valid, Valid(pattern, value));

    [Theory]
    [InlineData(@"^\d$", "\u0663", false)] // ARABIC-INDIC DIGIT THREE
    [InlineData(@"^\d$", "3", true)]
    [InlineData(@"^\w+$", "\u00e9", false)]
    [InlineData(@"^\w+$", "a_1", true)]
    [InlineData(@"^\s$", "\u00a0", false)] // NO-BREAK SPACE
    [InlineData(@"^\s$", "\t", true)]
    [InlineData(@"^\S$", "\u00a0", true)]
    [InlineData(@"^\D$", "\u0663", true)]
    [InlineData(@"^\W$", "\u00e9", true)]
    [InlineData(@"^[\d]$", "\u0663", false)]
    public void Digit_word_and_space_classes_stay_ascii(string pattern, string value, bool valid) =>
        Assert.Equal(valid, Valid(pattern, value));

    [Fact]
    public void A_pattern_error_quotes_the_schemas_pattern_not_its_translation()
    {
        var validator = new SchemaSet([new SchemaNode("t", "#") { Pattern = SchemaRegex.Create(@"^\S+$") }], new Dictionary<string, int> { ["t"] = 0 }).Validator("t");

        var error = Assert.Single(validator.Validate("\"a b\""u8));

        Assert.Equal(@"Failed to match pattern '^\S+$'", error.Message);
        Assert.Equal(@"^\S+$", error.Target!.Value.GetString());
    }

    [Fact]
    public void A_regex_not_made_by_schema_regex_keeps_its_own_meaning()
    {
        var regex = new System.Text.RegularExpressions.Regex("^[^a]{2}$");
        var validator = new SchemaSet([new SchemaNode("t", "#") { Pattern = regex }], new Dictionary<string, int> { ["t"] = 0 }).Validator("t");

        Assert.True(validator.IsValid(Encoding.UTF8.GetBytes("\"" + Dragon + "\""))); // two UTF-16 units for .NET
        Assert.Equal("^[^a]{2}$", Assert.Single(validator.Validate("\"a\""u8)).Target!.Value.GetString());
    }
}
