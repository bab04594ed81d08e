using System.ComponentModel;
using System.Text;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// A generated record: its member table, which <see cref="JsonRecordConverter{TRecord}"/> reads and writes it with. A
/// static member, so that the generated code declares no converter class of its own.
/// </summary>
/// <typeparam name="TSelf">The record type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IJsonRecord<TSelf>
    where TSelf : class, IJsonRecord<TSelf>
{
    /// <summary>Creates the member table; called once per type.</summary>
    /// <returns>The table.</returns>
    static abstract JsonRecordShape<TSelf> CreateShape();
}

/// <summary>A generated union's base record: its table of cases, which <see cref="JsonUnionConverter{TUnion}"/> reads it with.</summary>
/// <typeparam name="TSelf">The union's base record.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IJsonUnion<TSelf>
    where TSelf : class, IJsonUnion<TSelf>
{
    /// <summary>Creates the table of cases; called once per type.</summary>
    /// <returns>The table.</returns>
    static abstract JsonUnionShape<TSelf> CreateShape();
}

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
