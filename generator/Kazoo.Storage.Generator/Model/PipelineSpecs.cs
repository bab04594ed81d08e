using System.Collections.Generic;
using System.Linq;
using Kazoo.Storage.Generator.Helpers;

namespace Kazoo.Storage.Generator.Model;

/// <summary>
/// What the other schema files need to know about one file, read cheaply from its JSON (no NJsonSchema), so that a
/// per-file step can be cached: an edit that keeps a file's header equal (a new property, a changed description of a
/// nested member, other whitespace) changes nothing that the other files' models depend on.
/// </summary>
/// <param name="Path">The file's path.</param>
/// <param name="Id">The schema id (<c>_id</c>, else the file name); null when the file is not a JSON object.</param>
/// <param name="TypeName">The <c>KazooTypeName</c> override, if any.</param>
/// <param name="Root">The facts about the file's root that a <c>$ref</c> to it needs.</param>
/// <param name="References">Every other schema id the file's <c>$ref</c>s name (the part before any '#'), sorted.</param>
/// <param name="FragmentTargets">The ids that <c>$ref</c>s with a fragment (<c>id#/…</c>) point into, sorted.</param>
/// <param name="Groups">The <c>oneOf</c>/<c>anyOf</c> groups with a branch that is a <c>$ref</c> to a file's root.</param>
internal sealed record SchemaHeader(
    string Path,
    string? Id,
    string? TypeName,
    RootFacts Root,
    ImmutableEquatableArray<string> References,
    ImmutableEquatableArray<string> FragmentTargets,
    ImmutableEquatableArray<BranchGroup> Groups);

/// <summary>
/// The facts about a root schema (after following its own <c>$ref</c>s, as NJsonSchema's <c>ActualSchema</c> does) that
/// a file referring to it needs: the <c>type</c> flags (NJsonSchema's <c>JsonObjectType</c> values), whether it is an
/// object with members, its description and default, and its discriminator candidates; or, when the root is only a
/// <c>$ref</c> to another file, that file's id.
/// </summary>
internal sealed record RootFacts(
    string? AliasOf,
    int TypeFlags,
    bool ObjectLike,
    string? Description,
    string? DefaultJson,
    ImmutableEquatableArray<DiscriminatorCandidate> Candidates)
{
    public static readonly RootFacts Any = new(null, 0, false, null, null, ImmutableEquatableArray<DiscriminatorCandidate>.Empty);
}

/// <summary>A required member whose schema is a one-value string enum: what can tell union branches apart.</summary>
internal sealed record DiscriminatorCandidate(string Name, string Value);

/// <summary>
/// A <c>oneOf</c> (or <c>anyOf</c>) at a JSON pointer of its file, with at least one branch that is a file's root.
/// </summary>
internal sealed record BranchGroup(string Pointer, ImmutableEquatableArray<GroupBranch> Branches);

/// <summary>
/// One branch of a group: a file's root (<see cref="RootId"/>), or an inline schema of the same file identified by the
/// JSON pointer it resolves to, with its discriminator candidates.
/// </summary>
internal sealed record GroupBranch(string? RootId, string? LocalPointer, ImmutableEquatableArray<DiscriminatorCandidate> Candidates);

/// <summary>A union at a pointer of a file claims a root as its case with this discriminator value.</summary>
internal sealed record UnionClaim(string OwnerId, string Pointer, string Discriminator, string Value);

/// <summary>What one file knows of another file's root it refers to (directly or through a document it loads).</summary>
/// <param name="Id">The id as referenced.</param>
/// <param name="Exists">Whether a file has this id.</param>
/// <param name="ActualId">The id after following root-only <c>$ref</c>s; null when no file has the id.</param>
/// <param name="Facts">The facts of <paramref name="ActualId"/>'s root.</param>
/// <param name="Claim">The union that claims <paramref name="ActualId"/>'s root as a case, if any.</param>
internal sealed record ForeignSchema(string Id, bool Exists, string? ActualId, RootFacts Facts, UnionClaim? Claim);

/// <summary>A schema file's text loaded besides the file being modelled, for content that crosses files.</summary>
internal sealed record SchemaDocument(string Id, string Path, string Text);

/// <summary>
/// Everything the model step of one file needs, and nothing more, so that Roslyn re-runs it only when something it
/// uses changed: the file itself, its names, the facts of the roots it refers to, and the few other files whose
/// content it must read (the owner of the union its root is a case of; the branches of a <c>oneOf</c> that merges
/// their members).
/// </summary>
internal sealed record FileInput(
    SchemaFile File,
    GeneratorOptions Options,
    string? Id,
    string? DuplicateOf,
    string RootName,
    string? RootNameWanted,
    string? RootNameOwner,
    string ClassName,
    ImmutableEquatableArray<ForeignSchema> Foreign,
    UnionClaim? OwnClaim,
    ImmutableEquatableArray<string> ClaimPointers,
    ImmutableEquatableArray<SchemaDocument> Documents);

/// <summary>A position in a schema file, for diagnostics the link step reports.</summary>
internal sealed record SourcePosition(string Path, int Line, int Column);

/// <summary>A union's generated name at its pointer in its file.</summary>
internal sealed record NamedPointer(string Pointer, string Name);

/// <summary>
/// One file's model, as plain equatable data: its types (with other files' roots still symbolic), its compiled
/// validation nodes, and its diagnostics. Types come in allocation order, each with the position it is reported at.
/// </summary>
internal sealed record FileModel(
    string Path,
    string? Id,
    string RootName,
    TypeRef? RootType,
    ImmutableEquatableArray<TypeSpec> Types,
    ImmutableEquatableArray<SourcePosition> TypePositions,
    ImmutableEquatableArray<NamedPointer> Unions,
    SchemaNodesSpec? Nodes,
    ImmutableEquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>A generated type's name, where it comes from in its file, and (for a union) its unknown case's name.</summary>
internal sealed record TypeNameFact(string Name, string Pointer, string? UnknownName);

/// <summary>A union case that is another file's root, until the link decides on it.</summary>
internal sealed record ForeignCaseFact(string Value, string ForeignId);

/// <summary>A union with cases that are other files' roots: its name, its discriminator, and those cases.</summary>
internal sealed record ForeignUnionFact(string Name, string DiscriminatorJsonName, string DiscriminatorClrName, ImmutableEquatableArray<ForeignCaseFact> Cases);

/// <summary>A file's root record that a union of another file claims as its case.</summary>
internal sealed record CaseRecordFact(string Name, SchemaLocator CaseOf, string DiscriminatorClrName);

/// <summary>
/// What the link needs to know of one loaded file: its names, its root type (symbolic), the unions other files' roots
/// are claimed by, its unions with foreign cases, its root record when it is such a case, and its compiled nodes' class.
/// No positions, so reformatting a file leaves it equal.
/// </summary>
internal sealed record LinkFacts(
    string Path,
    string Id,
    string RootName,
    TypeRef? RootType,
    ImmutableEquatableArray<TypeNameFact> Types,
    ImmutableEquatableArray<NamedPointer> Unions,
    ImmutableEquatableArray<ForeignUnionFact> ForeignUnions,
    CaseRecordFact? CaseRecord,
    string ClassName,
    string? RootAliasOf)
{
    public static LinkFacts? Of(FileModel model)
    {
        if (model.Id is not { } id || model.Nodes is not { } nodes)
        {
            return null;
        }

        CaseRecordFact? caseRecord = null;
        var foreignUnions = new List<ForeignUnionFact>();
        foreach (var type in model.Types)
        {
            if (type is RecordSpec { CaseOf: { } caseOf } record)
            {
                caseRecord = new CaseRecordFact(record.Name, caseOf, record.Discriminator?.ClrName ?? "");
            }
            else if (type is UnionSpec union && union.Cases.Any(c => c.ForeignId is not null))
            {
                foreignUnions.Add(new ForeignUnionFact(union.Name, union.DiscriminatorJsonName, union.DiscriminatorClrName,
                    union.Cases.Where(c => c.ForeignId is not null).Select(c => new ForeignCaseFact(c.Value, c.ForeignId!)).ToImmutableEquatableArray()));
            }
        }

        return new LinkFacts(
            model.Path,
            id,
            model.RootName,
            model.RootType,
            model.Types.Select(t => new TypeNameFact(t.Name, t.SchemaPointer, (t as UnionSpec)?.UnknownName)).ToImmutableEquatableArray(),
            model.Unions,
            foreignUnions.ToImmutableEquatableArray(),
            caseRecord,
            nodes.ClassName,
            nodes.RootAliasOf);
    }
}

/// <summary>One file's types after the link, with the diagnostics to report for the file.</summary>
internal sealed record LinkedFile(string Path, ImmutableEquatableArray<TypeSpec> Types, ImmutableEquatableArray<DiagnosticInfo> Diagnostics);
