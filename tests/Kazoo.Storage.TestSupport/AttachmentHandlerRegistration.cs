using Kazoo.Storage.Attachments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kazoo.Storage.TestSupport;

/// <summary>
/// What every handler package's <c>AddKazoo…AttachmentHandler</c> must register, checked the same way for each: one
/// singleton handler that is also the only <see cref="IAttachmentHandler"/>, however often it was called, and options
/// checked when it is first resolved. A violation throws <see cref="AttachmentHandlerContractException"/> naming the rule.
/// </summary>
public static class AttachmentHandlerRegistration
{
    /// <summary>The registered handler: the <typeparamref name="THandler"/> singleton, which must be the one <see cref="IAttachmentHandler"/>.</summary>
    /// <param name="provider">The built container.</param>
    public static THandler Single<THandler>(IServiceProvider provider)
        where THandler : class, IAttachmentHandler
    {
        var all = provider.GetServices<IAttachmentHandler>().ToList();
        var handler = provider.GetRequiredService<THandler>();
        return all.Count == 1 && ReferenceEquals(all[0], handler)
            ? handler
            : throw new AttachmentHandlerContractException($"The registration must make the {typeof(THandler).Name} singleton the one IAttachmentHandler; there are {all.Count}.");
    }

    /// <summary>Why the handler's options were refused: the failures of the <see cref="OptionsValidationException"/> resolving it must throw.</summary>
    /// <param name="provider">The built container, whose options are invalid.</param>
    public static string Refusal<THandler>(IServiceProvider provider)
        where THandler : class, IAttachmentHandler
    {
        try
        {
            provider.GetRequiredService<THandler>();
        }
        catch (OptionsValidationException refused)
        {
            return string.Join("; ", refused.Failures);
        }

        throw new AttachmentHandlerContractException($"The registration must refuse invalid options when {typeof(THandler).Name} is resolved; it resolved.");
    }
}
