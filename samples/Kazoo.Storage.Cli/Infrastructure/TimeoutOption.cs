using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// <c>--timeout TIME</c>, for the commands that wait on a server: a number with an optional unit (<c>500ms</c>, <c>30s</c>,
/// <c>2m</c>, <c>1h</c>; seconds without one), 30 seconds by default, at most a day.
/// </summary>
internal static partial class TimeoutOption
{
    /// <summary>How long a command waits when <c>--timeout</c> is not given.</summary>
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan s_max = TimeSpan.FromDays(1);

    /// <summary>A <c>--timeout</c> option; null when not given (<see cref="ValueOf"/> applies the default).</summary>
    /// <param name="waitingFor">What the command waits for, for the help: e.g. <c>Crossbar's answer</c>.</param>
    public static Option<TimeSpan?> Create(string waitingFor) => new("--timeout")
    {
        Description = $"How long to wait for {waitingFor}, e.g. 10s, 2m (default {Format(Default)}).",
        HelpName = "TIME",
        CustomParser = Parse,
    };

    /// <summary>The timeout given, or <see cref="Default"/>.</summary>
    public static TimeSpan ValueOf(ParseResult parse, Option<TimeSpan?> option) => parse.GetValue(option) ?? Default;

    /// <summary>A duration as the help and the messages write it: <c>500 ms</c>, <c>30 s</c>, <c>2 min</c>.</summary>
    public static string Format(TimeSpan value) =>
        value < TimeSpan.FromSeconds(1) ? value.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) + " ms"
        : value.Ticks % TimeSpan.TicksPerMinute == 0 ? value.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " min"
        : value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";

    private static TimeSpan? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (Duration().Match(text) is { Success: true } match
            && double.TryParse(match.Groups["number"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            var seconds = match.Groups["unit"].Value switch
            {
                "ms" => number / 1000,
                "m" or "min" => number * 60,
                "h" => number * 3600,
                _ => number,
            };
            if (seconds > 0 && seconds <= s_max.TotalSeconds)
            {
                return TimeSpan.FromSeconds(seconds);
            }
        }

        result.AddError($"--timeout must be a duration from 1 ms to 1 day, such as 10s, 2m or 500ms (got '{text}').");
        return Default;
    }

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?) ?(?<unit>ms|s|m|min|h)?$")]
    private static partial Regex Duration();
}
