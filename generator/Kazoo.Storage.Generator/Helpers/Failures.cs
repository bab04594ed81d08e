using System;

namespace Kazoo.Storage.Generator.Helpers;

/// <summary>How an unexpected failure inside the generator is worded for the KZS010 that reports it.</summary>
internal static class Failures
{
    /// <summary>What failed, in a line: the kind of failure and its message, without a stack trace.</summary>
    public static string Describe(Exception ex)
    {
        var message = ex.Message.Split('\n')[0].Trim();
        var kind = ex switch
        {
            InsufficientExecutionStackException => "the schemas nest too deeply",
            OutOfMemoryException => "out of memory",
            _ => "an internal error (" + ex.GetType().Name + ")",
        };
        return kind + ": " + message + "; please report it with the schema that causes it";
    }
}
