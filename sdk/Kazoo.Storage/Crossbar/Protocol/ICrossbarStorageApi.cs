using Refit;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// Crossbar's storage routes (spec §2.1), one method per HTTP verb, declared for Refit's build-time generator. The route
/// is an argument: <see cref="StorageScope"/> owns the storage documents' routes (<c>v2/storage</c>,
/// <c>v2/accounts/{accountId}/storage</c>, <c>v2/accounts/{accountId}/users/{userId}/storage</c>) and their plans'
/// (<c>…/storage/plans</c>, <c>…/storage/plans/{planId}</c>). Every call answers with the raw HTTP outcome: read
/// <see cref="IApiResponse{T}.Content"/> on success and <see cref="IApiResponse.Error"/> otherwise.
/// </summary>
/// <remarks>
/// Send an <c>X-Auth-Token</c> header on every call (the client's pipeline does). Write bodies are the request envelope
/// already written (<see cref="CrossbarDataContent"/>): the client serializes a document once, validates those bytes and
/// sends them. Generated storage types are written fully qualified: Refit's generator runs beside the schema generator
/// and cannot see its output by short name.
/// </remarks>
internal interface ICrossbarStorageApi
{
    /// <summary><c>GET</c>: reads a storage document, or one plan.</summary>
    /// <param name="route">The route without the leading slash, e.g. <c>v2/accounts/{accountId}/storage</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/{**route}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> GetAsync(string route, CancellationToken cancellationToken = default);

    /// <summary><c>GET …/storage/plans</c>: one page of a scope's plans, as raw stored documents (with <c>_id</c>, <c>_rev</c>, <c>pvt_*</c>).</summary>
    /// <param name="route">The plans' route without the leading slash.</param>
    /// <param name="startKey">The page to start at: the previous page's <c>next_start_key</c>, as Crossbar expects it in the query; <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">How many plans per page; <see langword="null"/> for the server's default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/{**route}")]
    Task<IApiResponse<CrossbarEnvelope<Serialization.ReadOnlyJsonList<global::Kazoo.Storage.Models.StorageDocument>>>> ListAsync(string route, [Query, AliasAs("start_key")] string? startKey = null, [Query, AliasAs("page_size")] int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>PUT</c>: creates a storage document (409 <c>datastore_conflict</c> when it exists) or a plan (its id random unless the body has one).</summary>
    /// <param name="route">The route without the leading slash.</param>
    /// <param name="body">The request envelope around the document's JSON.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/{**route}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PutAsync(string route, [Body] HttpContent body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST</c>: replaces the public content of a storage document or a plan.</summary>
    /// <param name="route">The route without the leading slash.</param>
    /// <param name="body">The request envelope around the document's JSON.</param>
    /// <param name="validateSettings">As for <see cref="PutAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Post("/{**route}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PostAsync(string route, [Body] HttpContent body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH</c>: deep-merges a patch into a storage document or a plan (<c>null</c> values remove keys).</summary>
    /// <param name="route">The route without the leading slash.</param>
    /// <param name="body">The request envelope around the patch's JSON.</param>
    /// <param name="validateSettings">As for <see cref="PutAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Patch("/{**route}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PatchAsync(string route, [Body] HttpContent body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE</c>: hard-deletes a storage document or a plan; <c>data</c> is the deleted document. Kazoo answers 404 <c>bad_identifier</c> for every real plan (type-check bug, spec §2.2).</summary>
    /// <param name="route">The route without the leading slash.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Delete("/{**route}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> DeleteAsync(string route, CancellationToken cancellationToken = default);
}
