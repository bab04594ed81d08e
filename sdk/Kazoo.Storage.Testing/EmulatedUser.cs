namespace Kazoo.Storage.Testing;

/// <summary>A user known to a <see cref="CrossbarEmulator"/>.</summary>
/// <param name="Id">The user id: 32 lowercase hex characters (also the id of the user's storage document).</param>
/// <param name="AccountId">The id of the user's account.</param>
/// <param name="Username">The user name, lowercased as Kazoo stores it.</param>
/// <param name="IsAdmin">Whether the user is an account admin (<c>priv_level: admin</c>).</param>
public sealed record EmulatedUser(string Id, string AccountId, string Username, bool IsAdmin);
