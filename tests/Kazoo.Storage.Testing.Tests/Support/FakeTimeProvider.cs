namespace Kazoo.Storage.Testing.Tests.Support;

/// <summary>A clock the test moves by hand (only <see cref="GetUtcNow"/> is used by the emulator).</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
