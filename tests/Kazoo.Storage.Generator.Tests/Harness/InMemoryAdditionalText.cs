using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>An AdditionalFiles item whose text lives in memory, as the compiler would hand it to the generator.</summary>
internal sealed class InMemoryAdditionalText : AdditionalText
{
    private readonly SourceText _text;

    public InMemoryAdditionalText(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
