using Kazoo.Storage.Attachments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.Azure;

/// <summary>Registers <see cref="AzureAttachmentHandler"/> with dependency injection.</summary>
public static class AzureAttachmentHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="AzureAttachmentHandler"/>, also as one of the <see cref="IAttachmentHandler"/>s
    /// (resolve <c>IEnumerable&lt;IAttachmentHandler&gt;</c> and pick by <see cref="IAttachmentHandler.CanHandle"/>), with
    /// options from <paramref name="configure"/>, validated when the handler is first resolved. The container disposes it.
    /// Calling this again only adds configuration.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options (endpoint template, API version, block size, parallelism, retries); optional.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKazooAzureAttachmentHandler(this IServiceCollection services, Action<AzureAttachmentHandlerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddKazooAttachmentHandlerOptions<AzureAttachmentHandlerOptions>(configure, static options => options.Validate());
        services.AddKazooAttachmentHandler(sp => new AzureAttachmentHandler(
            sp.GetRequiredService<IOptions<AzureAttachmentHandlerOptions>>().Value,
            sp.GetService<ILogger<AzureAttachmentHandler>>()));
        return services;
    }
}
