using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Kazoo.Storage.Models;
using Kazoo.Storage.Tests.Models;
using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Tests.Robustness;

/// <summary>
/// Mutated documents through deserialization and both validation modes: the only failures allowed are
/// JsonException (malformed or mistyped JSON) and validation errors, and nothing may hang.
/// </summary>
public sealed class FuzzTests
{
    private const int Documents = 100_000;

    [Fact(Timeout = 480_000)] // a hang detector: about 1 minute alone on 2 cores, longer while the other test projects run
    public async Task A_hundred_thousand_mutated_documents_give_only_json_exceptions_or_validation_errors()
    {
        await Task.Yield();
        var seeds = ExampleDocuments.Names.Select(n => Encoding.UTF8.GetBytes(JsonText.Minify(ExampleDocuments.Read(n)))).ToArray();
        var random = new Random(2600);
        var outcomes = new Dictionary<string, int>();
        var slowest = TimeSpan.Zero;

        var cancellation = TestContext.Current.CancellationToken;
        for (var i = 0; i < Documents; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            var input = Mutate(seeds[i % seeds.Length], random, i);
            var watch = Stopwatch.StartNew();
            var outcome = Run(input);
            watch.Stop();
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        var report = string.Join(", ", outcomes.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value));
        Assert.True(outcomes.Keys.All(k => k.StartsWith("ok", StringComparison.Ordinal)), report);
        Assert.Equal(Documents, outcomes.Values.Sum());
        // Every kind of outcome shows up: the mutations reach the deserializer's and the validator's error paths.
        Assert.True(outcomes.GetValueOrDefault("ok:json-exception") > 1000, report);
        Assert.True(outcomes.GetValueOrDefault("ok:invalid") > 1000, report);
        Assert.True(outcomes.GetValueOrDefault("ok:valid") > 1000, report);
        Assert.True(slowest < TimeSpan.FromSeconds(5), "slowest document took " + slowest);
    }

    /// <summary>Deserializes and validates; names the outcome, or the unexpected exception type.</summary>
    private static string Run(byte[] input)
    {
        try
        {
            var deserialized = true;
            try
            {
                JsonSerializer.Deserialize<StorageDocument>(input, KazooStorageJson.Options);
            }
            catch (JsonException)
            {
                deserialized = false;
            }

            var precise = StorageDocument.Validate(input);
            var exact = StorageDocument.Validate(input, ValidationOptions.KazooExact);
            _ = precise.ToJson() + exact.ToJson() + precise.ToString();
            // The verdict-only path stops at the first failure; on well-formed JSON it must agree with the full walk
            // (checked on a sample, to keep the run short: the verdict tests compare every case).
            if (input.Length % 7 == 0
                && (StorageDocument.Validator.IsValid(input) != precise.IsValid
                    || StorageDocument.Validator.IsValid(input, ValidationOptions.KazooExact) != exact.IsValid))
            {
                return "unexpected:verdict-only-disagrees";
            }

            return precise.IsValid ? (deserialized ? "ok:valid" : "ok:valid-but-not-deserializable") : "ok:invalid";
        }
        catch (JsonException)
        {
            return "ok:json-exception";
        }
        catch (Exception ex)
        {
            return "unexpected:" + ex.GetType().Name + ":" + ex.Message;
        }
    }

    private static byte[] Mutate(byte[] seed, Random random, int i) => (i % 10) switch
    {
        0 => FlipBytes(seed, random),
        1 => seed[..random.Next(seed.Length)],
        2 => Nest(random.Next(1, 200)),
        3 => Replace(seed, "\"my-bucket\"", random.Next(3) switch { 0 => "1e999999", 1 => "-99999999999999999999999999", _ => "123456789012345678901234567890.5" }),
        4 => Replace(seed, "\"my-bucket\"", random.Next(4) switch { 0 => "[]", 1 => "{}", 2 => "null", _ => "true" }),
        5 => Replace(seed, "\"my-bucket\"", "\"" + new string('b', random.Next(60, 200_000)) + "\""),
        6 => Replace(seed, "\"my-bucket\"", "\"" + string.Concat(Enumerable.Repeat("a", random.Next(1, 5000))) + "!\""),
        7 => Replace(seed, "\"handler\":\"s3\"", "\"handler\":" + random.Next(5) switch { 0 => "\"http\"", 1 => "1", 2 => "null", 3 => "\"\\ud800\"", _ => "\"google_drive\"" }),
        8 => Replace(seed, "\"plan\"", random.Next(3) switch { 0 => "\"plan\":1,\"x\"", 1 => "\"pvt_plan\"", _ => "\"_plan\"" }),
        _ => seed,
    };

    private static byte[] FlipBytes(byte[] seed, Random random)
    {
        var copy = (byte[])seed.Clone();
        for (var k = random.Next(1, 4); k > 0; k--)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return copy;
    }

    private static byte[] Nest(int depth) =>
        Encoding.UTF8.GetBytes("{\"plan\":{\"modb\":{\"types\":{\"x\":" + new string('[', depth) + new string(']', depth) + "}}}}");

    private static byte[] Replace(byte[] seed, string what, string with)
    {
        var text = Encoding.UTF8.GetString(seed);
        return Encoding.UTF8.GetBytes(text.Contains(what, StringComparison.Ordinal) ? text.Replace(what, with, StringComparison.Ordinal) : text);
    }
}
