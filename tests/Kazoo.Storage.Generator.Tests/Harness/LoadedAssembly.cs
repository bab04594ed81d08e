using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>
/// A generator run's output compilation, emitted to memory and loaded into a collectible
/// <see cref="AssemblyLoadContext"/> (unloaded on dispose). Kazoo.Storage and System.Text.Json are not loaded again:
/// the context falls back to the test's own copies, so a generated <c>Schemas</c> is a real
/// <c>Kazoo.Storage.Validation.SchemaSet</c> and <c>Options</c> a real <c>JsonSerializerOptions</c>.
/// </summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    private LoadedAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Emits and loads; throws with the compiler's diagnostics when the compilation does not emit.</summary>
    public static LoadedAssembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("The generated code does not compile: " + result.Diagnostics.AtLeast(DiagnosticSeverity.Error).Describe());
        }

        image.Position = 0;
        var context = new AssemblyLoadContext("generated-" + compilation.AssemblyName, isCollectible: true);
        return new LoadedAssembly(context, context.LoadFromStream(image));
    }

    /// <summary>A generated type by its full name.</summary>
    public Type Type(string fullName) => Assembly.GetType(fullName, throwOnError: true)!;

    /// <summary>A public static property of a generated type (the JSON context's <c>Options</c>, <c>Schemas</c>).</summary>
    public T StaticProperty<T>(string typeFullName, string property)
        => (T)Type(typeFullName).GetProperty(property, BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;

    public void Dispose() => _context.Unload();
}
