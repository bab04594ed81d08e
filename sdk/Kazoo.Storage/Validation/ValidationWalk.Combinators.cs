using System.Text.Json;

namespace Kazoo.Storage.Validation;

/// <summary>The validation walk over combinators: allOf, anyOf, oneOf, not, and discriminated oneOfs.</summary>
internal ref partial struct ValidationWalk
{
    private void CheckCombinators(ref Utf8JsonReader start, SchemaNode node)
    {
        if (node.DependencyArray.Length > 0 && start.TokenType == JsonTokenType.StartObject)
        {
            CheckDependencies(start, node);
        }

        if (node.OneOfArray.Length > 0 && !_stop)
        {
            CheckOneOf(ref start, node);
        }

        if (node.AnyOfArray.Length > 0 && !_stop)
        {
            var any = false;
            for (var b = 0; b < node.AnyOfArray.Length; b++)
            {
                var branch = node.AnyOfArray[b];
                if (Quietly(start, branch))
                {
                    any = true;
                    break;
                }
            }

            if (!any)
            {
                var at = start;
                if (Failing())
                {
                    Report(ref at, "not_any_schema_valid", new Detail("failed to validate", WithValue: true));
                }
            }
        }

        if (node.AllOfArray.Length > 0 && !_stop)
        {
            CheckAllOf(start, node);
        }

        if (node.Not >= 0 && !_stop && Quietly(start, node.Not))
        {
            var at = start;
            if (Failing())
            {
                Report(ref at, "not_schema_valid", new Detail("failed to validate", WithValue: true));
            }
        }
    }

    /// <summary>
    /// Every <c>allOf</c> schema must hold. Precise: each schema's own errors, where they are. Kazoo-exact: as jesse, the
    /// first failing schema ends the check with one <c>all_schemas_not_valid</c> on the value, its errors thrown away.
    /// </summary>
    private void CheckAllOf(Utf8JsonReader start, SchemaNode node)
    {
        for (var a = 0; a < node.AllOfArray.Length && !_stop; a++)
        {
            var schema = node.AllOfArray[a];
            if (Exact)
            {
                if (!Quietly(start, schema))
                {
                    var at = start;
                    if (Failing())
                    {
                        Report(ref at, "all_schemas_not_valid", new Detail("failed to validate", WithValue: true));
                    }

                    return;
                }
            }
            else
            {
                _inCombinator++;
                var copy = start;
                Validate(ref copy, schema);
                _inCombinator--;
            }
        }
    }

    /// <param name="start">The reader on the value's first token.</param>
    /// <param name="node">The node with the oneOf.</param>
    /// <param name="consume">Whether to leave <paramref name="start"/> on the value's last token (else it is not moved).</param>
    private void CheckOneOf(ref Utf8JsonReader start, SchemaNode node, bool consume = false)
    {
        if (!Exact && node.Discriminator is { } discriminator && start.TokenType == JsonTokenType.StartObject)
        {
            // Precise: pick the branch by its discriminator and report that branch's own errors where they are.
            var found = FindMember(start, discriminator.NameUtf8, out var member);
            if (!found)
            {
                var at = start;
                if (Failing())
                {
                    Report(ref at, "required", new Detail("Field is required but missing", Value: Json.Of(discriminator.Name)), discriminator.Name);
                }

                SkipIf(consume, ref start);
                return;
            }

            for (var i = 0; i < discriminator.Values.Count; i++)
            {
                if (member.TokenType == JsonTokenType.String && member.ValueTextEquals(discriminator.ValuesUtf8[i]))
                {
                    ValidateBranch(ref start, node.OneOfArray[i], consume);
                    return;
                }
            }

            if (Failing())
            {
                Report(ref member, "enum", new Detail("Value not found in enumerated list of values", Target: Json.Of(discriminator.Values), WithValue: true), discriminator.Name);
            }

            SkipIf(consume, ref start);
            return;
        }

        if (!Exact && node.OneOfArray.Length == 1)
        {
            // Exactly one of one: the branch's own errors are the precise answer (Kazoo's connections shape).
            ValidateBranch(ref start, node.OneOfArray[0], consume);
            return;
        }

        var candidates = ulong.MaxValue;
        if (start.TokenType == JsonTokenType.StartObject && node.ShapeOfOneOf(_set) is { } shape)
        {
            candidates = shape.Candidates(start); // the other branches fail on a member they do not declare
            if (!Exact && System.Numerics.BitOperations.PopCount(candidates) == 1)
            {
                // Precise: the object's members leave one shape, so the oneOf holds exactly when that shape does; its
                // own errors are the precise answer, and a oneOf nested in it (a field_list group) is read the same way.
                ValidateBranch(ref start, node.OneOfArray[System.Numerics.BitOperations.TrailingZeroCount(candidates)], consume);
                return;
            }
        }

        if (_verdictOnly && consume && node.OneOfArray.Length <= 64)
        {
            // Only the verdict counts: one remaining branch is the oneOf's answer, read in place.
            var remaining = node.OneOfArray.Length == 64 ? candidates : candidates & ((1UL << node.OneOfArray.Length) - 1);
            if (remaining == 0)
            {
                Failing();
                return;
            }

            if (System.Numerics.BitOperations.PopCount(remaining) == 1)
            {
                _inCombinator++;
                Validate(ref start, node.OneOfArray[System.Numerics.BitOperations.TrailingZeroCount(remaining)]);
                _inCombinator--;
                return;
            }
        }

        var matches = 0;
        for (var b = 0; b < node.OneOfArray.Length; b++)
        {
            var branch = node.OneOfArray[b];
            if (b < 64 && (candidates & (1UL << b)) == 0)
            {
                continue;
            }

            if (Quietly(start, branch))
            {
                matches++;
                if (matches > 1 && _silent > 0)
                {
                    break; // only the verdict counts here, and it is known
                }
            }
        }

        if (matches != 1)
        {
            var at = start;
            if (Failing())
            {
                Report(ref at, "not_one_schema_valid", new Detail(
                    Exact ? "failed to validate" : matches == 0 ? "failed to validate: matches none of the " + node.OneOfArray.Length + " allowed shapes" : "failed to validate: matches " + matches + " shapes, exactly one must match",
                    WithValue: true));
            }
        }

        SkipIf(consume, ref start);
    }

    /// <summary>Validates a oneOf branch, on the reader itself when consuming, else on a copy.</summary>
    private void ValidateBranch(ref Utf8JsonReader start, int branch, bool consume)
    {
        _inCombinator++;
        if (consume)
        {
            Validate(ref start, branch);
        }
        else
        {
            var copy = start;
            Validate(ref copy, branch);
        }

        _inCombinator--;
    }

    private static void SkipIf(bool consume, ref Utf8JsonReader reader)
    {
        if (consume)
        {
            reader.Skip();
        }
    }

    /// <summary>
    /// Validates a copy of the reader without reporting, as a combinator's branch (so never coercing: Kazoo reports a
    /// combinator's failure under its own code, never a <c>type</c> error it could coerce); returns whether the value is valid.
    /// </summary>
    private bool Quietly(Utf8JsonReader start, int schema)
    {
        _silent++;
        _inCombinator++;

        var failedBefore = _failed;
        var depthBefore = _depth;
        var stopBefore = _stop;
        _failed = false;
        Validate(ref start, schema);
        var valid = !_failed;
        _failed = failedBefore;
        _stop = stopBefore; // a branch stops at its first failure; the walk goes on

        _depth = depthBefore;
        _inCombinator--;

        _silent--;
        return valid;
    }

}
