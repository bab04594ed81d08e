namespace Kazoo.Storage.Validation;

/// <summary>
/// How errors are reported. Both modes give the same verdict on every document; whether strings are coerced to
/// numbers or booleans is <see cref="ValidationOptions.StrictValidation"/>'s business, not the mode's.
/// </summary>
public enum ValidationMode
{
    /// <summary>
    /// Better than Kazoo: inside a <c>oneOf</c> told apart by a discriminator (attachments by <c>handler</c>,
    /// connections by <c>driver</c>) the chosen branch's own errors are reported at their real paths, and an unknown
    /// discriminator names the allowed values.
    /// </summary>
    Precise,

    /// <summary>
    /// The errors Kazoo's Crossbar answers: a failing <c>oneOf</c> is one <c>not_one_schema_valid</c> with the whole
    /// value, and one code is kept per path: the one jesse finds last, checking a schema's keywords in the sorted order
    /// of Kazoo's schema files (so an attachment entry that is not an object is a <c>type</c> error, found after its
    /// <c>oneOf</c>). One deliberate difference: where Kazoo echoes secrets in clear text
    /// (<c>key</c>, <c>secret</c>, <c>password</c> …), the SDK writes <c>"***"</c>, in this mode too.
    /// </summary>
    KazooExact,
}
