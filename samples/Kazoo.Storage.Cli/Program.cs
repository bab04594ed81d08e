// kazoo-storage: the command-line tool for Kazoo storage plans. Everything happens in CliApp; this file only connects it
// to the real console and turns Ctrl+C (and SIGTERM) into a cancellation, so every command stops cleanly with exit 130.
using System.Runtime.InteropServices;
using Kazoo.Storage.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C cancels the running command; a second one ends the process at once.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    cancellation.Cancel();
});

return await CliApp.RunAsync(args, CliHost.ForConsole(), cancellation.Token);
