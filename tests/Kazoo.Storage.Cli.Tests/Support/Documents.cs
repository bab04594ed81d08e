using System.Net;
using System.Net.Sockets;

namespace Kazoo.Storage.Cli.Tests.Support;

/// <summary>Storage documents and ids the tests use.</summary>
internal static class Documents
{
    public const string HttpId = "0f5c2c2e7d1b4a7e9a3b6c1d2e3f4a5b";
    public const string S3Id = "1a2b3c4d5e6f708192a3b4c5d6e7f809";
    public const string DriveId = "2b3c4d5e6f708192a3b4c5d6e7f8091a";
    public const string AccountId = "3a9c1d2e4f5b6a7c8d9e0f1a2b3c4d5e";
    public const string DocumentId = "f0e1d2c3b4a5968778695a4b3c2d1e0f";
    public const string OwnerId = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";

    /// <summary>The account's January 2024 month database, as Kazoo names it.</summary>
    public const string Modb = "account%2F3a%2F9c%2F1d2e4f5b6a7c8d9e0f1a2b3c4d5e-202401";

    /// <summary>An S3 backend for voicemails; its key and secret are obviously fake.</summary>
    public static string S3Voicemails(string bucket = "voicemail-bucket") => $$"""
        {
          "attachments": {
            "{{S3Id}}": {
              "handler": "s3",
              "name": "voicemails",
              "settings": { "bucket": "{{bucket}}", "key": "testkey", "secret": "testsecret-do-not-print" }
            }
          },
          "plan": {
            "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{S3Id}}" } } } }
          }
        }
        """;

    /// <summary>An HTTP backend for voicemails at <paramref name="url"/>.</summary>
    public static string HttpVoicemails(string url) => $$"""
        {
          "attachments": {
            "{{HttpId}}": { "handler": "http", "name": "archive", "settings": { "url": "{{url}}", "verb": "put" } }
          },
          "plan": {
            "modb": { "types": { "mailbox_message": { "attachments": { "handler": "{{HttpId}}" } } } }
          }
        }
        """;
}
