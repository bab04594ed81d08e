using System.Text.Json;
using Refit;

namespace Kazoo.Storage.Crossbar.Protocol;

/// <summary>
/// Crossbar's storage routes (spec §2.1), declared once for Refit's build-time generator. Every call answers with the
/// raw HTTP outcome: read <see cref="IApiResponse{T}.Content"/> on success and <see cref="IApiResponse.Error"/> otherwise.
/// Most code wants <see cref="KazooStorageClient"/>, which adds authentication, validation, typed errors and safe updates.
/// </summary>
/// <remarks>
/// Send an <c>X-Auth-Token</c> header on every call (the client's pipeline does). Generated storage types are written
/// fully qualified here: Refit's generator runs beside the schema generator and cannot see its output by short name.
/// </remarks>
public interface ICrossbarStorageApi
{
    /// <summary><c>GET /v2/storage</c>: reads the system-wide storage document (<c>system</c>).</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/v2/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> GetSystemStorageAsync(CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v2/storage</c>: creates the system-wide storage document (<c>system</c>) (409 <c>datastore_conflict</c> when it exists).</summary>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/v2/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> CreateSystemStorageAsync([Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v2/storage</c>: replaces the public content of the system-wide storage document (<c>system</c>).</summary>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Post("/v2/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> ReplaceSystemStorageAsync([Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /v2/storage</c>: deep-merges a patch into the system-wide storage document (<c>system</c>).</summary>
    /// <param name="body">The deep-merge patch, in the request envelope (<c>null</c> values remove keys).</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Patch("/v2/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PatchSystemStorageAsync([Body] CrossbarRequest<JsonElement> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v2/storage</c>: hard-deletes the system-wide storage document (<c>system</c>); <c>data</c> is the deleted document.</summary>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Delete("/v2/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> DeleteSystemStorageAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/accounts/{accountId}/storage</c>: reads an account's storage document.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/v2/accounts/{accountId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> GetAccountStorageAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v2/accounts/{accountId}/storage</c>: creates an account's storage document (409 <c>datastore_conflict</c> when it exists).</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/v2/accounts/{accountId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> CreateAccountStorageAsync(string accountId, [Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v2/accounts/{accountId}/storage</c>: replaces the public content of an account's storage document.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Post("/v2/accounts/{accountId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> ReplaceAccountStorageAsync(string accountId, [Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /v2/accounts/{accountId}/storage</c>: deep-merges a patch into an account's storage document.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="body">The deep-merge patch, in the request envelope (<c>null</c> values remove keys).</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Patch("/v2/accounts/{accountId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PatchAccountStorageAsync(string accountId, [Body] CrossbarRequest<JsonElement> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v2/accounts/{accountId}/storage</c>: hard-deletes an account's storage document; <c>data</c> is the deleted document.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Delete("/v2/accounts/{accountId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> DeleteAccountStorageAsync(string accountId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/accounts/{accountId}/users/{userId}/storage</c>: reads a user's storage document.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/v2/accounts/{accountId}/users/{userId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> GetUserStorageAsync(string accountId, string userId, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v2/accounts/{accountId}/users/{userId}/storage</c>: creates a user's storage document (409 <c>datastore_conflict</c> when it exists).</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/v2/accounts/{accountId}/users/{userId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> CreateUserStorageAsync(string accountId, string userId, [Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v2/accounts/{accountId}/users/{userId}/storage</c>: replaces the public content of a user's storage document.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Post("/v2/accounts/{accountId}/users/{userId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> ReplaceUserStorageAsync(string accountId, string userId, [Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /v2/accounts/{accountId}/users/{userId}/storage</c>: deep-merges a patch into a user's storage document.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="body">The deep-merge patch, in the request envelope (<c>null</c> values remove keys).</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Patch("/v2/accounts/{accountId}/users/{userId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PatchUserStorageAsync(string accountId, string userId, [Body] CrossbarRequest<JsonElement> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v2/accounts/{accountId}/users/{userId}/storage</c>: hard-deletes a user's storage document; <c>data</c> is the deleted document.</summary>
    /// <param name="accountId">The account's id.</param>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Delete("/v2/accounts/{accountId}/users/{userId}/storage")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> DeleteUserStorageAsync(string accountId, string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>PUT</c> to a storage document's route with its JSON text as it is: creates the document (409
    /// <c>datastore_conflict</c> when it exists). For documents the records cannot hold, such as one Kazoo should judge.
    /// </summary>
    /// <param name="storagePath">The document's route without the leading slash: <c>v2/storage</c>, <c>v2/accounts/{accountId}/storage</c> or <c>v2/accounts/{accountId}/users/{userId}/storage</c>.</param>
    /// <param name="body">The document's text, in the request envelope.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/{**storagePath}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> CreateStorageFromJsonAsync(string storagePath, [Body] CrossbarRequest<CrossbarJsonText> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>POST</c> to a storage document's route with its JSON text as it is: replaces the document's public content.</summary>
    /// <param name="storagePath">The document's route without the leading slash (see <see cref="CreateStorageFromJsonAsync"/>).</param>
    /// <param name="body">The document's text, in the request envelope.</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Post("/{**storagePath}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> ReplaceStorageFromJsonAsync(string storagePath, [Body] CrossbarRequest<CrossbarJsonText> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH</c> to a storage document's route with the patch's JSON text as it is: deep-merges it into the document.</summary>
    /// <param name="storagePath">The document's route without the leading slash (see <see cref="CreateStorageFromJsonAsync"/>).</param>
    /// <param name="body">The deep-merge patch's text, in the request envelope (<c>null</c> values remove keys).</param>
    /// <param name="validateSettings"><c>"false"</c> asks Kazoo to skip the settings probe (spec §6; allowed only when the server permits overrides); <see langword="null"/> sends nothing.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Patch("/{**storagePath}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PatchStorageFromJsonAsync(string storagePath, [Body] CrossbarRequest<CrossbarJsonText> body, [Query, AliasAs("validate_settings")] string? validateSettings = null, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/storage/plans</c>: lists system storage plans as raw stored documents (with <c>_id</c>, <c>_rev</c>, <c>pvt_*</c>), one page at a time.</summary>
    /// <param name="startKey">The page to start at: the previous page's <c>next_start_key</c>, as Crossbar expects it in the query; <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">How many plans per page; <see langword="null"/> for the server's default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/v2/storage/plans")]
    Task<IApiResponse<CrossbarEnvelope<IReadOnlyList<global::Kazoo.Storage.Models.StorageDocument>>>> ListSystemPlansAsync([Query, AliasAs("start_key")] string? startKey = null, [Query, AliasAs("page_size")] int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v2/storage/plans</c>: creates one of system storage plans; the id is random unless the body has <c>id</c>.</summary>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/v2/storage/plans")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> CreateSystemPlanAsync([Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/storage/plans/{planId}</c>: reads one of system storage plans. Kazoo answers 404 <c>bad_identifier</c> for every real plan (type-check bug, spec §2.2).</summary>
    /// <param name="planId">The plan's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/v2/storage/plans/{planId}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> GetSystemPlanAsync(string planId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v2/storage/plans/{planId}</c>: replaces one of system storage plans.</summary>
    /// <param name="planId">The plan's id.</param>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Post("/v2/storage/plans/{planId}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> ReplaceSystemPlanAsync(string planId, [Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /v2/storage/plans/{planId}</c>: deep-merges a patch into one of system storage plans.</summary>
    /// <param name="planId">The plan's id.</param>
    /// <param name="body">The deep-merge patch, in the request envelope (<c>null</c> values remove keys).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Patch("/v2/storage/plans/{planId}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PatchSystemPlanAsync(string planId, [Body] CrossbarRequest<JsonElement> body, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v2/storage/plans/{planId}</c>: deletes one of system storage plans. Kazoo answers 404 <c>bad_identifier</c> for every real plan (type-check bug, spec §2.2).</summary>
    /// <param name="planId">The plan's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Delete("/v2/storage/plans/{planId}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> DeleteSystemPlanAsync(string planId, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/accounts/{accountId}/storage/plans</c>: lists a reseller account's storage plans as raw stored documents (with <c>_id</c>, <c>_rev</c>, <c>pvt_*</c>), one page at a time.</summary>
    /// <param name="accountId">The reseller account's id.</param>
    /// <param name="startKey">The page to start at: the previous page's <c>next_start_key</c>, as Crossbar expects it in the query; <see langword="null"/> for the first page.</param>
    /// <param name="pageSize">How many plans per page; <see langword="null"/> for the server's default.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/v2/accounts/{accountId}/storage/plans")]
    Task<IApiResponse<CrossbarEnvelope<IReadOnlyList<global::Kazoo.Storage.Models.StorageDocument>>>> ListAccountPlansAsync(string accountId, [Query, AliasAs("start_key")] string? startKey = null, [Query, AliasAs("page_size")] int? pageSize = null, CancellationToken cancellationToken = default);

    /// <summary><c>PUT /v2/accounts/{accountId}/storage/plans</c>: creates one of a reseller account's storage plans; the id is random unless the body has <c>id</c>.</summary>
    /// <param name="accountId">The reseller account's id.</param>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Put("/v2/accounts/{accountId}/storage/plans")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> CreateAccountPlanAsync(string accountId, [Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, CancellationToken cancellationToken = default);

    /// <summary><c>GET /v2/accounts/{accountId}/storage/plans/{planId}</c>: reads one of a reseller account's storage plans. Kazoo answers 404 <c>bad_identifier</c> for every real plan (type-check bug, spec §2.2).</summary>
    /// <param name="accountId">The reseller account's id.</param>
    /// <param name="planId">The plan's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Get("/v2/accounts/{accountId}/storage/plans/{planId}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> GetAccountPlanAsync(string accountId, string planId, CancellationToken cancellationToken = default);

    /// <summary><c>POST /v2/accounts/{accountId}/storage/plans/{planId}</c>: replaces one of a reseller account's storage plans.</summary>
    /// <param name="accountId">The reseller account's id.</param>
    /// <param name="planId">The plan's id.</param>
    /// <param name="body">The document, in the request envelope.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Post("/v2/accounts/{accountId}/storage/plans/{planId}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> ReplaceAccountPlanAsync(string accountId, string planId, [Body] CrossbarRequest<global::Kazoo.Storage.Models.StorageDocument> body, CancellationToken cancellationToken = default);

    /// <summary><c>PATCH /v2/accounts/{accountId}/storage/plans/{planId}</c>: deep-merges a patch into one of a reseller account's storage plans.</summary>
    /// <param name="accountId">The reseller account's id.</param>
    /// <param name="planId">The plan's id.</param>
    /// <param name="body">The deep-merge patch, in the request envelope (<c>null</c> values remove keys).</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Patch("/v2/accounts/{accountId}/storage/plans/{planId}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> PatchAccountPlanAsync(string accountId, string planId, [Body] CrossbarRequest<JsonElement> body, CancellationToken cancellationToken = default);

    /// <summary><c>DELETE /v2/accounts/{accountId}/storage/plans/{planId}</c>: deletes one of a reseller account's storage plans. Kazoo answers 404 <c>bad_identifier</c> for every real plan (type-check bug, spec §2.2).</summary>
    /// <param name="accountId">The reseller account's id.</param>
    /// <param name="planId">The plan's id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Delete("/v2/accounts/{accountId}/storage/plans/{planId}")]
    Task<IApiResponse<CrossbarEnvelope<global::Kazoo.Storage.Models.StorageDocument>>> DeleteAccountPlanAsync(string accountId, string planId, CancellationToken cancellationToken = default);
}
