namespace Kazoo.Storage.TestSupport;

/// <summary>What a call threw, for checks that look at the failure itself rather than expect one.</summary>
internal static class Failure
{
    /// <summary>What <paramref name="call"/> threw, or null when it completed.</summary>
    /// <param name="call">The call.</param>
    public static async Task<Exception?> OfAsync(Func<Task> call)
    {
        try
        {
            await call().ConfigureAwait(false);
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
