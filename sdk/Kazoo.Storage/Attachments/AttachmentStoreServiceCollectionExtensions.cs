using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Kazoo.Storage.Attachments;

/// <summary>Registers <see cref="AttachmentStore"/> with dependency injection.</summary>
public static class AttachmentStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="AttachmentStore"/> over every <see cref="IAttachmentHandler"/> the container has
    /// (each handler package's <c>AddKazoo&lt;Kind&gt;AttachmentHandler</c> registers one), whenever they are registered.
    /// Calling it again changes nothing.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKazooAttachmentStore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(sp => new AttachmentStore(sp.GetServices<IAttachmentHandler>()));
        return services;
    }
}
