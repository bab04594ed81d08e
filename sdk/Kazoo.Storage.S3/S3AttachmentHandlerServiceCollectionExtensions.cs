using Kazoo.Storage.Attachments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.S3;

/// <summary>Registers <see cref="S3AttachmentHandler"/> with dependency injection.</summary>
public static class S3AttachmentHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="S3AttachmentHandler"/>, also as one of the <see cref="IAttachmentHandler"/>s (resolve
    /// <c>IEnumerable&lt;IAttachmentHandler&gt;</c> and pick by <see cref="IAttachmentHandler.CanHandle"/>), with options
    /// from <paramref name="configure"/>. The container disposes it. Calling this again only adds configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options (part size, parallelism, timeouts, retries); optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKazooS3AttachmentHandler(this IServiceCollection services, Action<S3AttachmentHandlerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKazooAttachmentHandlerOptions<S3AttachmentHandlerOptions>(configure, static options => options.Validate());
        services.AddKazooAttachmentHandler(sp => new S3AttachmentHandler(
            sp.GetRequiredService<IOptions<S3AttachmentHandlerOptions>>().Value,
            sp.GetService<ILogger<S3AttachmentHandler>>()));
        return services;
    }
}
