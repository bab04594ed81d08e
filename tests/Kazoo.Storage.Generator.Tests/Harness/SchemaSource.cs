namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>One schema file handed to the generator: its path, its text and an optional <c>TypeName</c> metadata.</summary>
internal sealed record SchemaSource(string Path, string Text, string? TypeName = null)
{
    public SchemaSource WithText(string text) => this with { Text = text };
}
