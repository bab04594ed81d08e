namespace Kazoo.Storage.Testing.Identity;

/// <summary>Who a token stands for: the account, the user (null for an API-key login) and when the token expires.</summary>
internal sealed record Session(string Token, string AccountId, string? OwnerId, string Method, DateTimeOffset ExpiresAt);
