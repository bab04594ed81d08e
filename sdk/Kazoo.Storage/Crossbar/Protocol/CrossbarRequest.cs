using System.Text.Json.Serialization;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>Crossbar's request envelope: <c>{"data": …}</c>.</summary>
/// <typeparam name="T">The type of <c>data</c>.</typeparam>
/// <param name="Data">The payload.</param>
internal sealed record CrossbarRequest<T>([property: JsonPropertyName("data")] T Data);
