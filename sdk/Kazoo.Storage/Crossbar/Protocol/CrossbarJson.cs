using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kazoo.Storage.Models;
using Refit;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// The System.Text.Json entry point for Crossbar's wire format: the envelopes' build-time metadata combined with the
/// generated storage records' resolver (<see cref="KazooStorageJson.Resolver"/>). Reflection-free.
/// </summary>
internal static class CrossbarJson
{
    /// <summary>Metadata for the envelopes, the login bodies and every generated storage type.</summary>
    public static IJsonTypeInfoResolver Resolver { get; } = JsonTypeInfoResolver.Combine(CrossbarJsonContext.Default, CrossbarStorageEnvelopes.Instance, KazooStorageJson.Resolver);

    /// <summary>Read-only options over <see cref="Resolver"/>: compact output, non-ASCII text written as is.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>
    /// Refit settings that read and write with <see cref="Options"/>: request bodies are written once into a byte array
    /// that Refit sends as is (so a retried GET or a request re-sent after a token renewal carries its body again, with a
    /// Content-Length), small answers are parsed in one synchronous pass, nothing falls back to reflection, and the
    /// <c>X-Auth-Token</c> header is taken off the request an <see cref="ApiExceptionBase"/> keeps.
    /// </summary>
    /// <returns>New settings; callers may change them.</returns>
    public static RefitSettings CreateRefitSettings() => new(new CrossbarContentSerializer(Options))
    {
        Buffered = true,
        ExceptionRedactor = static exception => exception.RequestMessage?.Headers.Remove("X-Auth-Token"),
    };

    /// <summary>The metadata for one type from <see cref="Options"/>.</summary>
    /// <typeparam name="T">An envelope type or a generated storage type.</typeparam>
    public static JsonTypeInfo<T> GetTypeInfo<T>() => (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = Resolver,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.MakeReadOnly();
        return options;
    }
}
