namespace Kazoo.Storage.Cli.Infrastructure;

/// <summary>
/// Progress bars for attachment transfers over <see cref="Threshold"/>, on standard error and only on a terminal; smaller
/// transfers, and output to files or pipes, run without one.
/// </summary>
internal static class TransferProgress
{
    /// <summary>Transfers larger than this (1 MiB) get a progress bar.</summary>
    public const long Threshold = 1024 * 1024;

    /// <summary>Runs <paramref name="transfer"/>, drawing a bar named <paramref name="description"/> when it is worth one.</summary>
    /// <param name="console">The console (standard error).</param>
    /// <param name="description">What is moving, e.g. <c>Uploading voicemail.wav</c>.</param>
    /// <param name="length">The number of bytes, when known.</param>
    /// <param name="transfer">The transfer; it reports each chunk's size (negative to go back) through the callback it is given.</param>
    public static async Task<T> RunAsync<T>(IAnsiConsole console, string description, long? length, Func<Action<long>, Task<T>> transfer)
    {
        if (length is not > Threshold || !console.Profile.Capabilities.Interactive)
        {
            return await transfer(_ => { }).ConfigureAwait(false);
        }

        return await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(description), maxValue: length.Value);
                var result = await transfer(bytes => task.Increment(bytes)).ConfigureAwait(false);
                task.Value = task.MaxValue;
                return result;
            }).ConfigureAwait(false);
    }
}
