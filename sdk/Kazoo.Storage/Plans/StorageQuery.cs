namespace Kazoo.Storage.Plans;

/// <summary>One storage lookup (spec §8.1): a database, and optionally a document type and an owner.</summary>
public sealed record StorageQuery
{
    /// <summary>A lookup for <paramref name="database"/>.</summary>
    /// <param name="database">The database name as Kazoo has it, e.g. <c>account%2Fab%2Fcd%2Fefgh…-202401</c>.</param>
    /// <exception cref="ArgumentException"><paramref name="database"/> is null or empty.</exception>
    public StorageQuery(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        Database = database;
    }

    /// <summary>The database name.</summary>
    public string Database { get; }

    /// <summary>
    /// The document's <c>pvt_type</c> (<c>mailbox_message</c>, <c>call_recording</c>, <c>fax</c>, <c>media</c>, …), the key
    /// of <c>types</c> in the plan. Null or empty for a database-level lookup (spec §8.4 case B). Ignored for system-class
    /// databases, whose type key is the database name.
    /// </summary>
    public string? DocumentType { get; init; }

    /// <summary>
    /// The owner or storage id (a user id, e.g. a voicemail box's <c>owner_id</c>) whose storage document refines the
    /// account plan; null or empty for none.
    /// </summary>
    public string? OwnerId { get; init; }
}
