namespace Kazoo.Storage.Generator.Model;

/// <summary>
/// One opted-in schema file as the pipeline's first, per-file step sees it: its path, its text, the optional
/// type-name override and the <c>GenerateTypes</c> metadata as written (null when unset). Plain strings, so an
/// unrelated edit leaves it equal and cached.
/// </summary>
internal sealed record SchemaFile(string Path, string Text, string? TypeName, string? GenerateTypes = null);

/// <summary>The MSBuild-level choices for a compilation.</summary>
internal sealed record GeneratorOptions(string Namespace, string ContextName);
