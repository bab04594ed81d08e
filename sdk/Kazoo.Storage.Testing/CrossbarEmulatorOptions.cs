using Kazoo.Storage.Validation;

namespace Kazoo.Storage.Testing;

/// <summary>
/// How a <see cref="CrossbarEmulator"/> behaves. The defaults are Kazoo master's own behaviour, quirks included; each quirk
/// can be switched to the behaviour Kazoo's documentation describes.
/// </summary>
public sealed record CrossbarEmulatorOptions
{
    /// <summary>
    /// How long an issued token is valid: its expiry is fixed when it is issued and is not extended by use (spec §9.3).
    /// One hour by default, as Kazoo's <c>token_auth_expiry_s</c>.
    /// </summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The clock for token expiry and for the <c>timestamp</c>, <c>pvt_created</c> and <c>pvt_modified</c> fields. Fault delays
    /// (<see cref="FaultInjector.DelayNext"/>) always use real time.
    /// </summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Whether a client may skip the settings probe with <c>validate_settings=false</c> (Kazoo's
    /// <c>sup kzs_plan allow_validation_overrides</c>). Off by default: such a request gets 400
    /// <c>validate_settings.forbidden</c> (spec §2.3).
    /// </summary>
    public bool AllowValidationOverrides { get; init; }

    /// <summary>
    /// How request documents are validated: Kazoo's exact verdicts and errors by default. Kazoo refuses <c>http</c> backends on
    /// <c>localhost</c> and 127.0.0.1; tests that point an <c>http</c> attachment at a loopback server clear
    /// <see cref="ValidationOptions.BlacklistedHosts"/> and <see cref="ValidationOptions.BlacklistedNetworks"/>.
    /// </summary>
    public ValidationOptions Validation { get; init; } = ValidationOptions.KazooExact;

    /// <summary>
    /// Kazoo's bug (spec §2.2): <c>GET</c> and <c>DELETE /storage/plans/{id}</c> load the plan expecting type <c>storage</c>, so
    /// every real plan (type <c>storage_plan</c>) answers 404 <c>bad_identifier</c>. On by default; off, both work.
    /// </summary>
    public bool PlanGetAndDeleteTypeCheckBug { get; init; } = true;

    /// <summary>
    /// Kazoo's PATCH (spec Corrections #1): a <c>null</c> value deletes the key and <c>{}</c> replaces the stored object. On by
    /// default; off, PATCH is the documented deep merge (a <c>null</c> is stored as a value, <c>{}</c> changes nothing).
    /// </summary>
    public bool PatchNullDeletesKeys { get; init; } = true;

    /// <summary>
    /// Kazoo's PATCH (spec Corrections #1) writes the merged document with the keys of every object in descending order, which
    /// changes attachment entries' signatures, so the first PATCH after a PUT or POST probes every backend again. On by default;
    /// off, existing keys keep their order and new keys follow.
    /// </summary>
    public bool PatchSortsKeysDescending { get; init; } = true;

    /// <summary>
    /// Kazoo's answer to <c>PUT /v2/user_auth</c> with an unknown account name, realm or phone number (spec Corrections #2):
    /// 401 <c>invalid_credentials</c>. On by default; off, the documented 400 with <c>data.account_name.not_found</c> (or
    /// <c>account_realm</c> / <c>phone_number</c>).
    /// </summary>
    public bool UnknownAccountNameIs401 { get; init; } = true;

    /// <summary>
    /// Kazoo's answer to <c>PUT /v2/api_auth</c> with a well-formed (64-character) key that no account has: 404
    /// <c>bad_identifier</c> with the key as <c>data.cause</c>. On by default; off, 401 <c>invalid_credentials</c>. A key of
    /// another length is a 400 <c>minLength</c>/<c>maxLength</c> validation error either way (Kazoo's <c>api_auth</c> schema).
    /// </summary>
    public bool UnknownApiKeyIsBadIdentifier { get; init; } = true;
}
