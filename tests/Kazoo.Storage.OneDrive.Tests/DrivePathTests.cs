using Kazoo.Storage.OneDrive.Graph;

namespace Kazoo.Storage.OneDrive.Tests;

/// <summary>The drive path Graph makes of Kazoo's object name, and its encoding for a URL.</summary>
public sealed class DrivePathTests
{
    [Theory]
    [InlineData("doc_message.mp3", "/doc_message.mp3", "doc_message.mp3")]
    [InlineData("kazoo/voicemail/doc_message%20(1).mp3", "/kazoo/voicemail/doc_message (1).mp3", "kazoo/voicemail/doc_message%20%281%29.mp3")]
    [InlineData("doc_%C3%A9t%C3%A9.mp3", "/doc_été.mp3", "doc_%C3%A9t%C3%A9.mp3")]
    [InlineData("doc_été.mp3", "/doc_été.mp3", "doc_%C3%A9t%C3%A9.mp3")]
    [InlineData("doc_a%2Bb%25c.mp3", "/doc_a+b%c.mp3", "doc_a%2Bb%25c.mp3")]
    [InlineData("doc_a+b.mp3", "/doc_a+b.mp3", "doc_a%2Bb.mp3")]
    [InlineData("account%2Fab%2Fcd-202401/doc_x.mp3", "/account/ab/cd-202401/doc_x.mp3", "account/ab/cd-202401/doc_x.mp3")]
    [InlineData("/kazoo//calls/doc_x.mp3", "/kazoo/calls/doc_x.mp3", "kazoo/calls/doc_x.mp3")]
    [InlineData("100%/doc_x.mp3", "/100%/doc_x.mp3", "100%25/doc_x.mp3")]
    [InlineData("a#b/doc_x?.mp3", "/a#b/doc_x?.mp3", "a%23b/doc_x%3F.mp3")]
    public void Kazoos_name_is_decoded_once_and_each_segment_encoded_again(string objectName, string display, string encoded)
    {
        var path = DrivePath.FromObjectName(objectName);

        Assert.Equal(display, path.Display);
        Assert.Equal(encoded, path.Encoded);
        Assert.Equal(display[(display.LastIndexOf('/') + 1)..], path.Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("%2F")]
    [InlineData("kazoo/../doc_x.mp3")]
    [InlineData("./doc_x.mp3")]
    public void A_name_without_a_file_or_with_a_dot_segment_is_refused(string objectName)
    {
        Assert.Throws<ArgumentException>(() => DrivePath.FromObjectName(objectName));
    }

    [Theory]
    [InlineData("b!abc/01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K", "b!abc", "01BYE5RZ6QN3ZWBTUFOFD3GSPGOHDJD36K")]
    [InlineData("8b5c3a2d9e4f1a6b/8B5C3A2D9E4F1A6B!105", "8b5c3a2d9e4f1a6b", "8B5C3A2D9E4F1A6B!105")]
    public void A_backend_id_is_drive_slash_item(string backendId, string driveId, string itemId)
    {
        var id = DriveItemId.Parse(backendId);

        Assert.Equal(new DriveItemId(driveId, itemId), id);
        Assert.Equal(backendId, id.ToString());
    }

    [Theory]
    [InlineData("item")]
    [InlineData("/item")]
    [InlineData("drive/")]
    [InlineData("a/b/c")]
    public void A_backend_id_of_another_shape_is_refused(string backendId)
    {
        Assert.Throws<ArgumentException>(() => DriveItemId.Parse(backendId));
    }
}
