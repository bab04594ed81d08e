using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>Analyzer config options from a dictionary (keys compare as the compiler compares them).</summary>
internal sealed class DictionaryAnalyzerConfigOptions : AnalyzerConfigOptions
{
    public static readonly DictionaryAnalyzerConfigOptions Empty = new(new Dictionary<string, string>());

    private readonly Dictionary<string, string> _values;

    public DictionaryAnalyzerConfigOptions(IEnumerable<KeyValuePair<string, string>> values)
        => _values = new Dictionary<string, string>(values, KeyComparer);

    public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);

    public override IEnumerable<string> Keys => _values.Keys;
}
