using Kazoo.Storage.Generator.Helpers;

namespace Kazoo.Storage.Generator.Model;

/// <summary>
/// Everything the emitters need, as plain equatable data: every generated type, each schema file's compiled
/// validation nodes, the JSON entry point, and the diagnostics to report. Roslyn compares it item by item, so an edit
/// re-emits only the types and node tables it changed.
/// </summary>
internal sealed record GenerationModel(
    ImmutableEquatableArray<TypeSpec> Types,
    ImmutableEquatableArray<SchemaNodesSpec> Nodes,
    ContextEmitInput Context,
    ImmutableEquatableArray<DiagnosticInfo> Diagnostics);
