namespace Kazoo.Storage.Plans;

/// <summary>Which storage documents made the plan a lookup used (spec §8.3).</summary>
public enum PlanScope
{
    /// <summary>No plan: <c>system_config</c>, <c>system_data</c> (and <c>services</c> without <c>plan.aggregate</c>) always use <c>local</c>.</summary>
    None = 0,

    /// <summary>The system plan: the built-in default deep-merged with the <c>system</c> document.</summary>
    System,

    /// <summary>The account plan: the system plan deep-merged with the account's storage document.</summary>
    Account,

    /// <summary>The owner plan: the account plan (or the system plan) deep-merged with the owner's (user's) storage document.</summary>
    Owner,
}
