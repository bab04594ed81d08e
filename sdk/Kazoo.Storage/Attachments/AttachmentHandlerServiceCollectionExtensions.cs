using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.Attachments;

/// <summary>
/// For handler packages: the registration every <c>AddKazoo&lt;Kind&gt;AttachmentHandler</c> makes, once. Options configured
/// and checked by their own <c>Validate()</c> when first read; one singleton handler, also one of the
/// <see cref="IAttachmentHandler"/>s the <see cref="AttachmentStore"/> and the probes pick from. Calling it again only adds
/// configuration.
/// </summary>
public static class AttachmentHandlerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> with <paramref name="configure"/>, and <paramref name="validate"/> as its
    /// check: an <see cref="InvalidOperationException"/> or <see cref="ArgumentException"/> it throws becomes an
    /// <see cref="OptionsValidationException"/> with the same message when the options are first read.
    /// </summary>
    /// <typeparam name="TOptions">The handler's options.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options; optional.</param>
    /// <param name="validate">Throws when the options are unusable, naming the option.</param>
    /// <returns>The options builder.</returns>
    public static OptionsBuilder<TOptions> AddKazooAttachmentHandlerOptions<TOptions>(this IServiceCollection services, Action<TOptions>? configure, Action<TOptions> validate)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(validate);
        var options = services.AddOptions<TOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        // One validator per options type however often this runs (TryAddEnumerable compares the instance's type).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new ThrowingValidator<TOptions>(validate)));
        return options;
    }

    /// <summary>
    /// Registers one singleton <typeparamref name="THandler"/> made by <paramref name="create"/>, also as one of the
    /// <see cref="IAttachmentHandler"/>s (next to other backends' handlers).
    /// </summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="create">Makes the handler from the container.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddKazooAttachmentHandler<THandler>(this IServiceCollection services, Func<IServiceProvider, THandler> create)
        where THandler : class, IAttachmentHandler
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(create);
        services.TryAddSingleton(create);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAttachmentHandler, THandler>(sp => sp.GetRequiredService<THandler>()));
        return services;
    }

    private sealed class ThrowingValidator<TOptions>(Action<TOptions> validate) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            try
            {
                validate(options);
                return ValidateOptionsResult.Success;
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                return ValidateOptionsResult.Fail(ex.Message);
            }
        }
    }
}
