namespace Kazoo.Storage.Validation;

/// <summary>
/// Collects errors as Crossbar builds its answer: one detail per code per path, and in
/// <see cref="ValidationMode.KazooExact"/> one code per path (Kazoo sets each path's object anew, so the last wins).
/// </summary>
internal sealed class ErrorSink
{
    private readonly ValidationMode _mode;
    private readonly List<ValidationError> _errors = [];

    public ErrorSink(ValidationMode mode) => _mode = mode;

    public int Count => _errors.Count;

    public void Add(ValidationError error)
    {
        var index = _errors.FindIndex(e => e.Path == error.Path && (_mode == ValidationMode.KazooExact || e.Code == error.Code));
        if (index >= 0)
        {
            _errors.RemoveAt(index);
        }

        _errors.Add(error);
    }

    public ValidationErrors ToErrors() => _errors.Count == 0 ? ValidationErrors.None : new ValidationErrors(_errors);
}
