namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>One schema file handed to the generator: its path, its text and its optional <c>TypeName</c> and <c>GenerateTypes</c> metadata.</summary>
internal sealed record SchemaSource(string Path, string Text, string? TypeName = null, string? GenerateTypes = null)
{
    public SchemaSource WithText(string text) => this with { Text = text };
}
