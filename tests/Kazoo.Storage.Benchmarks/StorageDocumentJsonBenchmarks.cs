using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Kazoo.Storage.Benchmarks.Baselines;
using Kazoo.Storage.Models;
using Baseline = Kazoo.Storage.Benchmarks.Baselines;
using Generated = Kazoo.Storage.Models;

namespace Kazoo.Storage.Benchmarks;

/// <summary>
/// Reading and writing a storage document three ways, each from and to UTF-8 bytes:
/// <list type="bullet">
/// <item><c>Generated</c>: the SDK's generated records and converters (<see cref="KazooStorageJson.Options"/>).</item>
/// <item><c>StjSourceGenerated</c> (the baseline each ratio is against): equivalent hand-written
/// records through the System.Text.Json source generator (<see cref="BaselineJsonContext"/>).</item>
/// <item><c>StjReflection</c>: the same hand-written records through System.Text.Json reflection.</item>
/// </list>
/// All three go through the same <see cref="JsonSerializer"/> entry point with an options instance,
/// so only the converters/metadata differ.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class StorageDocumentJsonBenchmarks
{
    private const string DeserializeTypical = "Deserialize-Typical";
    private const string DeserializeLarge = "Deserialize-Large";
    private const string SerializeTypical = "Serialize-Typical";
    private const string SerializeLarge = "Serialize-Large";

    private static readonly JsonSerializerOptions GeneratedOptions = KazooStorageJson.Options;
    private static readonly JsonSerializerOptions SourceGeneratedOptions = BaselineJson.SourceGenerated;
    private static readonly JsonSerializerOptions ReflectionOptions = BaselineJson.Reflection;

    private byte[] _typical = [];
    private byte[] _large = [];
    private Generated.StorageDocument _generatedTypical = null!;
    private Generated.StorageDocument _generatedLarge = null!;
    private Baseline.StorageDocument _sourceGeneratedTypical = null!;
    private Baseline.StorageDocument _sourceGeneratedLarge = null!;
    private Baseline.StorageDocument _reflectionTypical = null!;
    private Baseline.StorageDocument _reflectionLarge = null!;

    [GlobalSetup]
    public void BuildDocuments()
    {
        _typical = Encoding.UTF8.GetBytes(StorageDocuments.Typical());
        _large = Encoding.UTF8.GetBytes(StorageDocuments.Large());

        foreach (var (name, json) in new[] { ("typical", _typical), ("large", _large) })
        {
            RoundTripCheck.Verify(name, "Generated", json, bytes => RoundTrip<Generated.StorageDocument>(bytes, GeneratedOptions));
            RoundTripCheck.Verify(name, "StjSourceGenerated", json, bytes => RoundTrip<Baseline.StorageDocument>(bytes, SourceGeneratedOptions));
            RoundTripCheck.Verify(name, "StjReflection", json, bytes => RoundTrip<Baseline.StorageDocument>(bytes, ReflectionOptions));
        }

        _generatedTypical = Read<Generated.StorageDocument>(_typical, GeneratedOptions);
        _generatedLarge = Read<Generated.StorageDocument>(_large, GeneratedOptions);
        _sourceGeneratedTypical = Read<Baseline.StorageDocument>(_typical, SourceGeneratedOptions);
        _sourceGeneratedLarge = Read<Baseline.StorageDocument>(_large, SourceGeneratedOptions);
        _reflectionTypical = Read<Baseline.StorageDocument>(_typical, ReflectionOptions);
        _reflectionLarge = Read<Baseline.StorageDocument>(_large, ReflectionOptions);
    }

    [Benchmark(Description = "Generated"), BenchmarkCategory(DeserializeTypical)]
    public Generated.StorageDocument? DeserializeTypicalGenerated() =>
        JsonSerializer.Deserialize<Generated.StorageDocument>(_typical, GeneratedOptions);

    [Benchmark(Description = "StjSourceGenerated", Baseline = true), BenchmarkCategory(DeserializeTypical)]
    public Baseline.StorageDocument? DeserializeTypicalStjSourceGenerated() =>
        JsonSerializer.Deserialize<Baseline.StorageDocument>(_typical, SourceGeneratedOptions);

    [Benchmark(Description = "StjReflection"), BenchmarkCategory(DeserializeTypical)]
    public Baseline.StorageDocument? DeserializeTypicalStjReflection() =>
        JsonSerializer.Deserialize<Baseline.StorageDocument>(_typical, ReflectionOptions);

    [Benchmark(Description = "Generated"), BenchmarkCategory(DeserializeLarge)]
    public Generated.StorageDocument? DeserializeLargeGenerated() =>
        JsonSerializer.Deserialize<Generated.StorageDocument>(_large, GeneratedOptions);

    [Benchmark(Description = "StjSourceGenerated", Baseline = true), BenchmarkCategory(DeserializeLarge)]
    public Baseline.StorageDocument? DeserializeLargeStjSourceGenerated() =>
        JsonSerializer.Deserialize<Baseline.StorageDocument>(_large, SourceGeneratedOptions);

    [Benchmark(Description = "StjReflection"), BenchmarkCategory(DeserializeLarge)]
    public Baseline.StorageDocument? DeserializeLargeStjReflection() =>
        JsonSerializer.Deserialize<Baseline.StorageDocument>(_large, ReflectionOptions);

    [Benchmark(Description = "Generated"), BenchmarkCategory(SerializeTypical)]
    public byte[] SerializeTypicalGenerated() =>
        JsonSerializer.SerializeToUtf8Bytes(_generatedTypical, GeneratedOptions);

    [Benchmark(Description = "StjSourceGenerated", Baseline = true), BenchmarkCategory(SerializeTypical)]
    public byte[] SerializeTypicalStjSourceGenerated() =>
        JsonSerializer.SerializeToUtf8Bytes(_sourceGeneratedTypical, SourceGeneratedOptions);

    [Benchmark(Description = "StjReflection"), BenchmarkCategory(SerializeTypical)]
    public byte[] SerializeTypicalStjReflection() =>
        JsonSerializer.SerializeToUtf8Bytes(_reflectionTypical, ReflectionOptions);

    [Benchmark(Description = "Generated"), BenchmarkCategory(SerializeLarge)]
    public byte[] SerializeLargeGenerated() =>
        JsonSerializer.SerializeToUtf8Bytes(_generatedLarge, GeneratedOptions);

    [Benchmark(Description = "StjSourceGenerated", Baseline = true), BenchmarkCategory(SerializeLarge)]
    public byte[] SerializeLargeStjSourceGenerated() =>
        JsonSerializer.SerializeToUtf8Bytes(_sourceGeneratedLarge, SourceGeneratedOptions);

    [Benchmark(Description = "StjReflection"), BenchmarkCategory(SerializeLarge)]
    public byte[] SerializeLargeStjReflection() =>
        JsonSerializer.SerializeToUtf8Bytes(_reflectionLarge, ReflectionOptions);

    private static T Read<T>(byte[] json, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<T>(json, options) ?? throw new InvalidOperationException("The document read as null.");

    private static byte[] RoundTrip<T>(byte[] json, JsonSerializerOptions options) =>
        JsonSerializer.SerializeToUtf8Bytes(Read<T>(json, options), options);
}
