namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// How a command declares its options, one line each. The ones several commands have are written here once: <c>FILE</c>,
/// and <c>--json</c> and <c>--show-secrets</c>, which <see cref="CliContext"/> reads for whichever command runs.
/// </summary>
internal static class CliOptions
{
    public const string JsonName = "--json";
    public const string ShowSecretsName = "--show-secrets";

    /// <summary>An option that takes a value, e.g. <c>--db NAME</c>.</summary>
    public static Option<string?> Value(string name, string description, string helpName) =>
        new(name) { Description = description, HelpName = helpName };

    /// <summary>An option whose value may come from an environment variable instead: the help names the variable, never its value.</summary>
    public static Option<string?> Value(string name, string description, string helpName, string variable) =>
        Value(name, $"{description} [env {variable}]", helpName);

    /// <summary>An option that is on or off, e.g. <c>--kazoo</c>.</summary>
    public static Option<bool> Flag(string name, string description) => new(name) { Description = description };

    /// <summary>The <c>FILE</c> argument of a command that reads one.</summary>
    public static Argument<string> File(string description) => new("FILE") { Description = description };

    /// <summary><c>--json</c>: results and failures as JSON on standard output (<see cref="CliContext.Json"/>).</summary>
    /// <param name="prints">What the command prints with it.</param>
    public static Option<bool> Json(string prints) => Flag(JsonName, prints);

    /// <summary><c>--show-secrets</c>: secrets printed instead of <c>***</c> (<see cref="CliContext.ShowSecrets"/>).</summary>
    /// <param name="what">Which secrets, e.g. <c>backend secrets</c>.</param>
    public static Option<bool> ShowSecrets(string what) => Flag(ShowSecretsName, $"Print {what} (keys, passwords, tokens) instead of ***.");

    /// <summary>Adds <paramref name="options"/> to <paramref name="command"/>, in order.</summary>
    public static void AddOptions(this Command command, params IEnumerable<Option> options)
    {
        foreach (var option in options)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Whether the command that runs has the flag <paramref name="name"/>, and it is on.</summary>
    public static bool IsOn(ParseResult parse, string name) =>
        parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == name) is Option<bool> flag && parse.GetValue(flag);
}
