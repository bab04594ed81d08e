using System.ComponentModel;

namespace Kazoo.Storage.Serialization;

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
