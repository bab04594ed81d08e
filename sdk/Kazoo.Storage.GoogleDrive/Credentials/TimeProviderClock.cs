using Google.Apis.Util;

namespace Kazoo.Storage.GoogleDrive.Credentials;

/// <summary>Google.Apis' clock over a <see cref="TimeProvider"/>, so token expiry follows the same clock as the rest of the SDK.</summary>
internal sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    public DateTime Now => timeProvider.GetLocalNow().DateTime;

    public DateTime UtcNow => timeProvider.GetUtcNow().UtcDateTime;
}
