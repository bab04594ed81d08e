namespace Kazoo.Storage.Validation;

/// <summary>
/// Collects errors as Crossbar builds its answer, looking each path up in a dictionary (so many errors cost linear
/// time): one detail per code per path, and in <see cref="ValidationMode.KazooExact"/> one code per path. Kazoo sets
/// each path's object anew, so the error found last wins; within one schema node, jesse checks the keywords in the
/// order the schema lists them (Kazoo's schema files list them sorted), so of two errors one node finds at one path
/// the one whose keyword sorts later wins, whatever order the walk found them in.
/// Past <see cref="ValidationOptions.MaxErrorPaths"/> paths no new path is taken, and the result says it was cut short.
/// </summary>
internal sealed class ErrorSink
{
    private readonly ValidationMode _mode;
    private readonly int _maxPaths;
    private readonly Dictionary<string, List<Entry>> _byPath = new(StringComparer.Ordinal);
    private readonly List<List<Entry>> _inOrder = [];

    public ErrorSink(ValidationMode mode, int maxPaths)
    {
        _mode = mode;
        _maxPaths = maxPaths;
    }

    /// <summary>How many errors were taken (replaced ones included): grows with every error accepted.</summary>
    public int Added { get; private set; }

    /// <summary>Whether an error at a new path was refused because <see cref="ValidationOptions.MaxErrorPaths"/> paths were full.</summary>
    public bool Truncated { get; private set; }

    /// <summary>Takes an error; false when it was refused because the paths are full.</summary>
    /// <param name="error">The error.</param>
    /// <param name="keyword">The schema keyword that found it (the order jesse checks a node's keywords in).</param>
    /// <param name="visit">Which visit of a schema node found it (errors of one visit are ordered by keyword).</param>
    public bool Add(ValidationError error, string keyword, int visit)
    {
        if (!_byPath.TryGetValue(error.Path, out var entries))
        {
            if (_byPath.Count >= _maxPaths)
            {
                Truncated = true;
                return false;
            }

            entries = [];
            _byPath.Add(error.Path, entries);
            _inOrder.Add(entries);
        }

        Added++;
        var entry = new Entry(error, keyword, visit);
        if (_mode == ValidationMode.KazooExact)
        {
            if (entries.Count == 0)
            {
                entries.Add(entry);
            }
            else if (entries[0].Visit != visit || string.CompareOrdinal(entries[0].Keyword, keyword) <= 0)
            {
                entries[0] = entry; // found later by jesse: it replaces the path's object
            }

            return true;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Error.Code == error.Code)
            {
                entries[i] = entry;
                return true;
            }
        }

        entries.Add(entry);
        return true;
    }

    public ValidationErrors ToErrors()
    {
        if (_inOrder.Count == 0)
        {
            return ValidationErrors.None;
        }

        var errors = new List<ValidationError>(Added);
        foreach (var entries in _inOrder)
        {
            foreach (var entry in entries)
            {
                errors.Add(entry.Error);
            }
        }

        return new ValidationErrors(errors, Truncated);
    }

    private readonly record struct Entry(ValidationError Error, string Keyword, int Visit);
}
