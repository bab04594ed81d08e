using System.Text.Json;
using Kazoo.Storage.Attachments;
using Kazoo.Storage.Models;
using Kazoo.Storage.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// What every handler test context has, per test: Kazoo ids, one fake clock, captured logs, an <see cref="HttpClient"/>,
/// the handler under test, and helpers that make content and read it back. A test project derives its context from this
/// (adding its fake backend) and implements xunit's <c>IAsyncLifetime</c> with <see cref="InitializeAsync"/> and
/// <see cref="DisposeAsync"/>.
/// </summary>
/// <typeparam name="THandler">The handler under test.</typeparam>
/// <param name="http">The client for the handler; a default one when null. Disposed with the context.</param>
public abstract class HandlerTestContext<THandler>(HttpClient? http = null) : IAsyncDisposable
    where THandler : class, IAttachmentHandler
{
    public const string AttachmentId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string AccountId = "3a9c1d2e4f5b6a7c8d9e0f1a2b3c4d5e";
    public const string VoicemailId = "202401-9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    public const int KiB = 1024;
    public const int MiB = 1024 * 1024;

    private readonly List<ILoggerFactory> _loggerFactories = [];

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero));

    public LogCapture Logs { get; } = new();

    public HttpClient Http { get; } = http ?? new HttpClient();

    public THandler Handler { get; protected set; } = null!;

    /// <summary>The running test's cancellation token.</summary>
    protected abstract CancellationToken Cancel { get; }

    /// <summary>Starts the fake backend and makes <see cref="Handler"/>.</summary>
    public abstract ValueTask InitializeAsync();

    public virtual ValueTask DisposeAsync()
    {
        Http.Dispose();
        foreach (var factory in _loggerFactories)
        {
            factory.Dispose();
        }

        Logs.Dispose();
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>A voicemail attachment in the account's January 2024 MODB (<c>account%2F3a%2F9c%2F1d2e…-202401</c>).</summary>
    public static AttachmentLocation Voicemail(string name = "message.mp3", string documentId = VoicemailId) =>
        new(KazooDatabaseName.Modb(AccountId, 2024, 1), documentId, name) { AccountId = AccountId };

    /// <summary>Random bytes (the same for the same seed), in a read-only stream that tells its length.</summary>
    public static MemoryStream Bytes(int length, int seed = 7)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return new MemoryStream(bytes, writable: false);
    }

    /// <summary>Reads a stored attachment back whole, through <paramref name="handler"/> or <see cref="Handler"/>.</summary>
    public async Task<byte[]> ReadAllAsync(StorageAttachmentsEntry backend, StoredAttachment stored, IAttachmentHandler? handler = null)
    {
        await using var stream = await (handler ?? Handler).OpenReadAsync(backend, stored, Cancel);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, Cancel);
        return copy.ToArray();
    }

    /// <summary>
    /// Stores, reads and deletes with a token cancelled beforehand, as <see cref="AttachmentStore"/> would call the handler:
    /// what each call threw (null when it did not), which should be an <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<Exception?[]> AlreadyCancelledAsync(StorageAttachmentsEntry backend, StoredAttachment pointer)
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        IAttachmentHandler handler = Handler;
        return
        [
            await FailureOfAsync(() => handler.PutAsync(backend, Voicemail(), Bytes(10), "audio/mpeg", cancelled.Token)),
            await FailureOfAsync(() => handler.OpenReadAsync(backend, pointer, cancelled.Token)),
            await FailureOfAsync(() => handler.DeleteAsync(backend, pointer, cancelled.Token)),
        ];
    }

    /// <summary>
    /// Opens <paramref name="stored"/>, reads its first 10 bytes and disposes the stream, as a caller streaming a download
    /// would: whether the stream could seek, the length it told, and whether it still read once disposed.
    /// </summary>
    public async Task<(bool CanSeek, long Length, bool ReadAfterDispose)> StreamAndDisposeAsync(StorageAttachmentsEntry backend, StoredAttachment stored)
    {
        IAttachmentHandler handler = Handler;
        var stream = await handler.OpenReadAsync(backend, stored, Cancel);
        await stream.ReadExactlyAsync(new byte[10], Cancel);
        var (canSeek, length) = (stream.CanSeek, stream.Length);
        await stream.DisposeAsync();
        try
        {
            stream.ReadByte();
            return (canSeek, length, true);
        }
        catch (ObjectDisposedException)
        {
            return (canSeek, length, false);
        }
    }

    /// <summary>Services as an application registers them: this test's clock, and logging into <see cref="Logs"/>.</summary>
    protected ServiceCollection Services()
    {
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        return services;
    }

    /// <summary>A logger that writes into <see cref="Logs"/> at every level.</summary>
    protected ILogger<T> LoggerFor<T>()
    {
        var factory = Logs.CreateFactory();
        _loggerFactories.Add(factory);
        return factory.CreateLogger<T>();
    }

    /// <summary>Settings members Kazoo reads but its schema does not declare (kept as extension data); null values are left out.</summary>
    protected static JsonExtensionData Undeclared(params (string Name, string? Value)[] members) =>
        members.Where(member => member.Value is not null)
            .Aggregate(JsonExtensionData.Empty, (data, member) => data.With(member.Name, JsonSerializer.SerializeToElement(member.Value)));

    private static async Task<Exception?> FailureOfAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }
}
