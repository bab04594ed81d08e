using System.ComponentModel;
using System.Text;

namespace Kazoo.Storage.Serialization;

/// <summary>Equality, hash code and <c>ToString()</c> of generated records, computed from their member tables.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JsonRecord
{
    /// <summary>Value equality over every member, collections and extension data included; member order does not count.</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="record">A record.</param>
    /// <param name="other">Another one, or null.</param>
    /// <returns>Whether they are equal.</returns>
    public static bool MembersEqual<TRecord>(TRecord record, TRecord? other)
        where TRecord : class, IJsonRecord<TRecord> =>
        JsonRecordConverter<TRecord>.Instance.Shape.MembersEqual(record, other);

    /// <summary>A hash code that agrees with <see cref="MembersEqual{TRecord}"/>.</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="record">The record.</param>
    /// <returns>The hash code.</returns>
    public static int MembersHashCode<TRecord>(TRecord record)
        where TRecord : class, IJsonRecord<TRecord> =>
        JsonRecordConverter<TRecord>.Instance.Shape.MembersHashCode(record);

    /// <summary>Prints the members for <c>ToString()</c>; secrets are masked.</summary>
    /// <typeparam name="TRecord">The record type.</typeparam>
    /// <param name="record">The record.</param>
    /// <param name="builder">Where to print.</param>
    /// <returns>Whether anything was printed.</returns>
    public static bool PrintMembers<TRecord>(TRecord record, StringBuilder builder)
        where TRecord : class, IJsonRecord<TRecord> =>
        JsonRecordConverter<TRecord>.Instance.Shape.PrintMembers(record, builder);
}
