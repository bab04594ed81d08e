using Kazoo.Storage.Attachments;
using Kazoo.Storage.S3.Tests.Support;
using Kazoo.Storage.TestSupport;

namespace Kazoo.Storage.S3.Tests;

/// <summary><see cref="IAttachmentHandler"/>'s contract against the real radosgw: a located key is read and deleted by its name.</summary>
public sealed class S3ContractTests(RadosGateway gateway) : IClassFixture<RadosGateway>
{
    [Fact]
    public async Task The_handler_meets_the_contract()
    {
        gateway.Require();
        using var handler = new S3AttachmentHandler();

        await AttachmentHandlerContract.VerifyAsync(handler, gateway.Entry(), "contract.mp3", TestContext.Current.CancellationToken);
    }
}
