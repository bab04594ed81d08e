using Kazoo.Storage.S3.Internal;

namespace Kazoo.Storage.S3.Tests;

/// <summary>
/// The window on a file that multipart uploads send from: every read path (the span, the memory and the array overloads
/// the AWS SDK's stream wrappers call) returns the window's bytes, across the 256 KiB read blocks, after seeks and rewinds.
/// </summary>
public sealed class FileSliceStreamTests : IDisposable
{
    private const int FileSize = 700 * 1024 + 13;
    private readonly string _path = Path.Combine(Path.GetTempPath(), "kazoo-slice-" + Guid.NewGuid().ToString("N") + ".bin");
    private readonly byte[] _bytes = new byte[FileSize];

    public FileSliceStreamTests()
    {
        new Random(42).NextBytes(_bytes);
        File.WriteAllBytes(_path, _bytes);
    }

    public void Dispose() => File.Delete(_path);

    public enum ReadPath
    {
        Span,
        Memory,
        Array,
    }

    [Theory]
    [InlineData(ReadPath.Span, 7_000)]
    [InlineData(ReadPath.Memory, 65_536)]
    [InlineData(ReadPath.Array, 65_536)]
    [InlineData(ReadPath.Array, 1)]
    [InlineData(ReadPath.Memory, 300_000)]
    public async Task Each_read_path_returns_the_window_s_bytes(ReadPath path, int step)
    {
        const int Offset = 100_003;
        const int Length = 520 * 1024;
        using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        await using var slice = new FileSliceStream(file, Offset, Length);

        var read = await ReadToEndAsync(slice, path, step);

        Assert.Equal(_bytes.AsSpan(Offset, Length).ToArray(), read);
        Assert.Equal(Length, slice.Position);
    }

    [Theory]
    [InlineData(ReadPath.Span)]
    [InlineData(ReadPath.Memory)]
    [InlineData(ReadPath.Array)]
    public async Task A_rewind_reads_the_same_bytes_again(ReadPath path)
    {
        using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        await using var slice = new FileSliceStream(file, 0, FileSize);

        var first = await ReadToEndAsync(slice, path, 65_536);
        slice.Seek(0, SeekOrigin.Begin);
        var second = await ReadToEndAsync(slice, path, 65_536);
        slice.Position = FileSize - 10;
        var tail = await ReadToEndAsync(slice, path, 65_536);

        Assert.Equal(_bytes, first);
        Assert.Equal(_bytes, second);
        Assert.Equal(_bytes.AsSpan(FileSize - 10).ToArray(), tail);
    }

    [Fact]
    public async Task The_array_overload_reuses_its_task_for_equal_counts_and_still_counts_right()
    {
        using var file = File.OpenHandle(_path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.Asynchronous);
        await using var slice = new FileSliceStream(file, 0, FileSize);
        var buffer = new byte[1024];

        // The first read fills the block (asynchronously); the next two come from it and return equal counts.
        Assert.Equal(1024, await slice.ReadAsync(buffer, 0, 1024, TestContext.Current.CancellationToken));
        var second = slice.ReadAsync(buffer, 0, 1024, TestContext.Current.CancellationToken);
        var third = slice.ReadAsync(buffer, 0, 1024, TestContext.Current.CancellationToken);
        Assert.Same(second, third);
        Assert.Equal(1024, await third);
        Assert.Equal(_bytes.AsSpan(2048, 1024).ToArray(), buffer);

        // A different count gets its own task.
        var short1 = slice.ReadAsync(buffer, 0, 10, TestContext.Current.CancellationToken);
        Assert.Equal(10, await short1);
        Assert.Equal(3082, slice.Position);
    }

    private static async Task<byte[]> ReadToEndAsync(FileSliceStream slice, ReadPath path, int step)
    {
        using var output = new MemoryStream();
        var buffer = new byte[step];
        while (true)
        {
            var n = path switch
            {
                ReadPath.Span => slice.Read(buffer.AsSpan()),
                ReadPath.Memory => await slice.ReadAsync(buffer.AsMemory(), TestContext.Current.CancellationToken),
                _ => await slice.ReadAsync(buffer, 0, buffer.Length, TestContext.Current.CancellationToken),
            };
            if (n == 0)
            {
                return output.ToArray();
            }

            output.Write(buffer, 0, n);
        }
    }
}
