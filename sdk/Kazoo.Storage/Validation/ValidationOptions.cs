using System.Net;

namespace Kazoo.Storage.Validation;

/// <summary>Options for validating Kazoo documents.</summary>
public sealed record ValidationOptions
{
    /// <summary>Kazoo's defaults: precise errors, Kazoo's URL blacklist.</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary>Kazoo's defaults with <see cref="ValidationMode.KazooExact"/>.</summary>
    public static ValidationOptions KazooExact { get; } = new() { Mode = ValidationMode.KazooExact };

    /// <summary>How errors are reported; <see cref="ValidationMode.Precise"/> by default. The mode never changes the verdict.</summary>
    public ValidationMode Mode { get; init; } = ValidationMode.Precise;

    /// <summary>
    /// Kazoo's <c>crossbar.schema_strict_validation</c>, false by default as in Kazoo. While false, a string that holds an
    /// integer, a number or a boolean (<c>"8080"</c>, <c>"true"</c>) passes where the schema asks for that type, as
    /// Crossbar's lenient mode coerces it, except inside a <c>oneOf</c>, whose failures Kazoo reports as
    /// <c>not_one_schema_valid</c> and never coerces. True checks types as draft-04 does. Applies in both modes.
    /// </summary>
    public bool StrictValidation { get; init; }

    /// <summary>
    /// Host names an <c>http</c> attachment backend may not use: Kazoo's <c>kazoo_web</c> system config
    /// <c>client.blacklist.hosts</c>, by default <c>localhost</c>.
    /// </summary>
    public IReadOnlyList<string> BlacklistedHosts { get; init; } = ["localhost"];

    /// <summary>
    /// Networks an <c>http</c> backend's IP host may not be in: Kazoo's <c>client.blacklist.cidrs</c>, by default
    /// <c>127.0.0.1/32</c> and <c>0.0.0.0/32</c>.
    /// </summary>
    public IReadOnlyList<IPNetwork> BlacklistedNetworks { get; init; } = [IPNetwork.Parse("127.0.0.1/32"), IPNetwork.Parse("0.0.0.0/32")];

    /// <summary>
    /// Whether Kazoo's cross-document rules are checked: a plan's attachment <c>handler</c> must be a key of the
    /// document's <c>attachments</c>, a plan type's <c>connection</c> a key of its <c>connections</c>. On by default.
    /// </summary>
    public bool CheckReferences { get; init; } = true;

    /// <summary>
    /// Whether top-level members whose names start with <c>_</c> or <c>pvt_</c> (CouchDB's and Kazoo's private fields)
    /// are removed before validating, as Crossbar removes them from a request body (spec §5.1): then a <c>_rev</c> or
    /// <c>pvt_type</c> of any value never fails a document. Null (the default): removed for a storage document (the
    /// <c>storage</c> schema, which Crossbar validates requests against), kept for every other schema, which is then
    /// validated as draft-04 reads it. Members further down are never removed.
    /// </summary>
    public bool? PublicFieldsOnly { get; init; }

    /// <summary>
    /// How many paths with errors <see cref="SchemaValidator.Validate(ReadOnlySpan{byte}, ValidationOptions?)"/> reports
    /// at most; 1,000 by default. Kazoo itself reports every error (jesse runs with no error limit), which for a large
    /// document full of mistakes is a very large answer; past this many paths the validation stops and
    /// <see cref="ValidationErrors.IsTruncated"/> says so. The verdict is the same either way.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxErrorPaths
    {
        get => _maxErrorPaths;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxErrorPaths = value;
        }
    }

    private readonly int _maxErrorPaths = DefaultMaxErrorPaths;

    /// <summary>The default of <see cref="MaxErrorPaths"/>.</summary>
    public const int DefaultMaxErrorPaths = 1000;
}
