using System.Text.Json;

namespace Kazoo.Storage.Generator.Tests.Harness;

/// <summary>
/// A class fixture: one generator run over a test's schemas, its output compilation loaded on first use (see
/// <see cref="LoadedAssembly"/>), and the generated JSON entry point's <c>Options</c>.
/// </summary>
public abstract class GeneratedCodeFixture : IDisposable
{
    private readonly Lazy<LoadedAssembly> _assembly;

    private protected GeneratedCodeFixture(IEnumerable<SchemaSource> schemas, string @namespace, string contextName)
    {
        Namespace = @namespace;
        ContextName = contextName;
        Run = GeneratorHarness.Run(schemas, @namespace, contextName);
        _assembly = new Lazy<LoadedAssembly>(() => LoadedAssembly.Load(Run.OutputCompilation));
    }

    public string Namespace { get; }

    public string ContextName { get; }

    internal GeneratorRun Run { get; }

    internal LoadedAssembly Assembly => _assembly.Value;

    /// <summary>The generated context's <c>Options</c>.</summary>
    public JsonSerializerOptions Options => Assembly.StaticProperty<JsonSerializerOptions>(Namespace + "." + ContextName, "Options");

    /// <summary>A generated type by its name in <see cref="Namespace"/>.</summary>
    public Type Type(string name) => Assembly.Type(Namespace + "." + name);

    /// <summary>Reads the JSON into the generated type, and writes it back.</summary>
    public (object? Value, string Written) RoundTrip(string typeName, string json)
    {
        var type = Type(typeName);
        var value = JsonSerializer.Deserialize(json, type, Options);
        return (value, JsonSerializer.Serialize(value, type, Options));
    }

    /// <summary>Reads the same JSON twice: two records that must be equal, with equal hash codes.</summary>
    public (object First, object Second) ReadTwice(string typeName, string json)
    {
        var type = Type(typeName);
        return (JsonSerializer.Deserialize(json, type, Options)!, JsonSerializer.Deserialize(json, type, Options)!);
    }

    public void Dispose()
    {
        if (_assembly.IsValueCreated)
        {
            _assembly.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
