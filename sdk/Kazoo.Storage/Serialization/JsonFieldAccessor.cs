using System.ComponentModel;

namespace Kazoo.Storage.Serialization;

/// <summary>
/// A reference to the field behind one member of a generated record (generated code passes <c>static r => ref r._name</c>),
/// so that <see cref="JsonRecordConverter{TRecord}"/> reads, writes, compares and prints members without reflection.
/// </summary>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <typeparam name="TValue">The field's type.</typeparam>
/// <param name="record">The record.</param>
/// <returns>The field.</returns>
[EditorBrowsable(EditorBrowsableState.Never)]
public delegate ref TValue JsonFieldAccessor<in TRecord, TValue>(TRecord record);
