using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// Build-time System.Text.Json metadata for Crossbar's answer envelope around JSON and the login bodies (storage writes
/// send their JSON as it is, in <see cref="CrossbarDataContent"/>). Envelopes around the
/// generated storage records come from <see cref="CrossbarStorageEnvelopes"/>: this generator cannot see types that
/// another generator writes into the same compilation.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CrossbarEnvelope<JsonElement>))]
[JsonSerializable(typeof(CrossbarEnvelope<CrossbarAuthData>))]
[JsonSerializable(typeof(CrossbarRequest<ApiKeyAuthRequest>))]
[JsonSerializable(typeof(CrossbarRequest<UserAuthRequest>))]
internal sealed partial class CrossbarJsonContext : JsonSerializerContext;
