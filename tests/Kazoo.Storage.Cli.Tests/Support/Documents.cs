namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>Storage documents, credentials files and ids the tests use.</summary>
internal static class Documents
{
    public const string HttpId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string S3Id = "1a2b3c4d5e6f708192a3b4c5d6e7f809";
    public const string DriveId = "2b3c4d5e6f708192a3b4c5d6e7f8091a";
    public const string AccountId = "3a9c1d2e4f5b6a7c8d9e0f1a2b3c4d5e";
    public const string DocumentId = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    public const string OwnerId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /// <summary>The <c>oauth_doc_id</c> of the Google Drive backend.</summary>
    public const string DriveOAuthId = "4a8f0c2b9d3e4f1a8b7c6d5e4f3a2b1c";

    /// <summary>The account's January 2024 month database, as Kazoo names it.</summary>
    public const string Modb = "account%2F3a%2F9c%2F1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401";

    /// <summary>A Google Drive backend's entry, its credentials under <see cref="DriveOAuthId"/>.</summary>
    public const string DriveEntry = $$"""{ "handler": "google_drive", "settings": { "oauth_doc_id": "{{DriveOAuthId}}" } }""";

    /// <summary>A new Kazoo id (32 lowercase letters and digits), e.g. for a document nothing else uses.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The options that name a voicemail's attachment: <see cref="Modb"/>, <c>mailbox_message</c>, the document, <c>message.mp3</c>.</summary>
    public static string[] Voicemail(string documentId = DocumentId) =>
        ["--db", Modb, "--type", "mailbox_message", "--doc-id", documentId, "--attachment", "message.mp3"];

    /// <summary>A storage document with the backend <paramref name="id"/> (its entry, as JSON) and no plan: what <c>probe</c> tests.</summary>
    public static string Backend(string id, string entry) => $$"""{ "attachments": { "{{id}}": {{entry}} } }""";

    /// <summary>A storage document that sends voicemails (<c>mailbox_message</c> of month databases) to the backend <paramref name="id"/>.</summary>
    /// <param name="id">The backend's id.</param>
    /// <param name="entry">The backend's entry, as JSON.</param>
    public static string Voicemails(string id, string entry) => $$"""
        {
          "attachments": { "{{id}}": {{entry}} },
          "plan": { "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{id}}" } } } } }
        }
        """;

    /// <summary>An S3 backend for voicemails; its key and secret are obviously fake.</summary>
    public static string S3Voicemails(string bucket = "voicemail-bucket") => Voicemails(S3Id, $$"""
        {
          "handler": "s3",
          "name": "voicemails",
          "settings": { "bucket": "{{bucket}}", "key": "testkey", "secret": "testsecret-do-not-print" }
        }
        """);

    /// <summary>An HTTP backend for voicemails at <paramref name="url"/>.</summary>
    public static string HttpVoicemails(string url) =>
        Voicemails(HttpId, $$"""{ "handler": "http", "name": "archive", "settings": { "url": "{{url}}", "verb": "put" } }""");

    /// <summary>A credentials file (<c>--oauth-credentials</c>) with the refresh-token form for <paramref name="oauthId"/>.</summary>
    public static string RefreshTokenCredentials(string oauthId, string clientId, string clientSecret, string refreshToken, Uri tokenUri) => $$"""
        {
          "{{oauthId}}": {
            "client_id": "{{clientId}}", "client_secret": "{{clientSecret}}",
            "refresh_token": "{{refreshToken}}", "token_uri": "{{tokenUri}}"
          }
        }
        """;
}
