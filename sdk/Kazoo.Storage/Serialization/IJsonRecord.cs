using System.ComponentModel;

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
