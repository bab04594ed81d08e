using System.CommandLine.Parsing;
using System.Globalization;
using Kazoo.Storage.Cli.Hosting;
using Kazoo.Storage.Testing;

namespace Kazoo.Storage.Cli.Commands;

/// <summary>
/// <c>serve [--port N] [--api-key KEY]</c>: runs the Crossbar emulator in the foreground on 127.0.0.1 until Ctrl+C, and
/// prints its URL, the master account's id and an API key that logs in as it. Stopping with Ctrl+C is the normal end (exit 0).
/// </summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port")
        {
            Description = "The port on 127.0.0.1 (default: a free one).",
            HelpName = "N",
            // The default int conversion throws from inside the parser on text such as "abc" or "8080.0": parse it here.
            CustomParser = ParsePort,
        };
        var apiKey = CliOptions.Value("--api-key", "An API key that logs in as the master account (default: the emulator's own).", "KEY").NotEmpty();
        var allowLoopback = CliOptions.Flag("--allow-loopback", "Let http backends point at localhost and 127.0.0.1 (a Kazoo admin can change Kazoo's URL blacklist so).");
        var command = new Command("serve", "Run a local Crossbar emulator (storage API, logins, Kazoo's validation) until Ctrl+C.")
        {
            port, apiKey, allowLoopback,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(context.Console, parse.GetValue(port), parse.GetValue(apiKey), parse.GetValue(allowLoopback), cancellationToken));
        return command;
    }

    private static int ParsePort(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)
        {
            return port;
        }

        result.AddError($"--port must be a whole number from 0 to 65535 (got '{text}').");
        return 0;
    }

    private static async Task<int> RunAsync(CliConsole console, int port, string? apiKey, bool allowLoopback, CancellationToken cancellationToken)
    {
        var options = new CrossbarEmulatorOptions
        {
            Validation = allowLoopback ? ValidationOptions.KazooExact with { BlacklistedHosts = [], BlacklistedNetworks = [] } : ValidationOptions.KazooExact,
        };
        await using var emulator = await CrossbarEmulator.StartAsync(options, cancellationToken).ConfigureAwait(false);
        EmulatorFrontDoor frontDoor;
        try
        {
            frontDoor = await EmulatorFrontDoor.StartAsync(emulator, port, apiKey, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (EmulatorFrontDoor.IsPortInUse(ex))
        {
            throw new CliException($"Port {port} on 127.0.0.1 is in use.", ExitCodes.Failure, "pick another --port, or leave it out for a free one.", ex);
        }

        await using (frontDoor.ConfigureAwait(false))
        {
            var key = apiKey ?? emulator.MasterApiKey;
            var url = frontDoor.BaseAddress.ToString().TrimEnd('/');
            var output = console.Out;
            output.MarkupLine($"[green]Crossbar emulator[/] listening on [bold]{Markup.Escape(url)}[/]");
            output.MarkupLine($"  [grey]account id[/]  {Markup.Escape(emulator.MasterAccountId)} [grey](the master account: system, reseller, super-duper admin)[/]");
            output.MarkupLine($"  [grey]API key[/]     {Markup.Escape(key)}");
            output.MarkupLine($"[grey]Try:[/] {CliApp.Name} get --server {Markup.Escape(url)} --api-key {Markup.Escape(key)} --account {Markup.Escape(emulator.MasterAccountId)}");
            output.MarkupLine("[grey]Data lives in memory only. Press Ctrl+C to stop.[/]");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C is how a server is stopped: not an error.
            }
        }

        console.Out.MarkupLine("Stopped.");
        return ExitCodes.Success;
    }
}
