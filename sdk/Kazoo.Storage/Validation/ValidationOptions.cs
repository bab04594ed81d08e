using System.Net;

namespace Kazoo.Storage.Validation;

/// <summary>Options for validating Kazoo documents.</summary>
public sealed record ValidationOptions
{
    /// <summary>Kazoo's defaults: precise errors, Kazoo's URL blacklist.</summary>
    public static ValidationOptions Default { get; } = new();

    /// <summary>Kazoo's defaults with <see cref="ValidationMode.KazooExact"/>.</summary>
    public static ValidationOptions KazooExact { get; } = new() { Mode = ValidationMode.KazooExact };

    /// <summary>How errors are reported; <see cref="ValidationMode.Precise"/> by default.</summary>
    public ValidationMode Mode { get; init; } = ValidationMode.Precise;

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
}
