using System.Buffers;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Kazoo.Storage.Validation;

/// <summary>The validation walk over objects: members, required, patterns, additional members, dependencies and member counts.</summary>
internal ref partial struct ValidationWalk
{
    private void CheckObject(ref Utf8JsonReader reader, SchemaNode node)
    {
        var objectStart = (int)reader.TokenStartIndex;
        CheckStructureEnum(ref reader, node);
        if (_stop)
        {
            return; // the verdict is known; the reader is abandoned
        }

        var required = new RequiredMembers(node);
        var keys = _depth == 1 ? _topLevel.KeysAt(objectStart) : 0; // the reference rules' keys, noted on the way
        var count = 0;
        var names = _names.Begin();
        try
        {
            while (NextMember(ref reader, ref names))
            {
                count++;
                var nameOffset = (int)reader.TokenStartIndex;
                if (keys != 0)
                {
                    _topLevel.RecordKey(keys, nameOffset + 1, reader.ValueSpan.Length, reader.ValueIsEscaped);
                }

                var property = FindProperty(ref reader, node);
                required.Mark(ref reader, node, property);
                var patterns = MatchPatterns(ref reader, node);
                ReadMemberValue(ref reader);
                Push(nameOffset, -1);
                var schemas = MemberSchemas(node, property, patterns, out var schema);
                if (schemas < 0)
                {
                    if (Failing())
                    {
                        ReportAt(objectStart, "additionalProperties", new Detail("Strict checking of data is enabled; only include schema-defined properties", WithValue: true));
                    }

                    SkipValue(ref reader);
                }
                else if (schemas == 0)
                {
                    SkipValue(ref reader);
                }
                else if (schemas == 1)
                {
                    Validate(ref reader, schema);
                }
                else
                {
                    ValidateOnCopies(reader, node, property, patterns);
                    SkipValue(ref reader);
                }

                Pop();
                if (_stop)
                {
                    return; // the verdict is known; the reader is abandoned
                }
            }
        }
        finally
        {
            _names.End(ref names);
        }

        if (_stop)
        {
            return; // a private member at the top level: validated again without them
        }

        if (keys != 0)
        {
            _topLevel.EndKeys(keys);
        }

        CheckMemberCounts(objectStart, node, required, count);
    }

    /// <summary>
    /// Reads to the object's next member name, passing over each member whose name the object has already had (Kazoo
    /// reads a name's first occurrence); false at the object's end, and at a private member of the document itself when
    /// only public fields are validated (the walk stops: the document is validated again without them).
    /// </summary>
    private bool NextMember(ref Utf8JsonReader reader, ref MemberNames.Frame names)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!_names.IsRepeat(_input, ref reader, ref names))
            {
                if (_depth == 0 && _publicFieldsOnly && PublicFields.IsPrivate(ref reader))
                {
                    _hasPrivateFields = _stop = true;
                    return false;
                }

                return true;
            }

            reader.Read();
            reader.Skip();
        }

        return false;
    }

    /// <summary>
    /// The <c>dependencies</c> of an object: a rule applies when the object has its member. The schema form reports the
    /// schema's own errors; the list form one <c>dependencies</c> error for the object. Like a combinator, it reads the
    /// object again, so the walk of a node without it keeps no copy of the reader.
    /// </summary>
    /// <param name="start">A reader on the object's first token.</param>
    /// <param name="node">The node.</param>
    private void CheckDependencies(Utf8JsonReader start, SchemaNode node)
    {
        List<string>? missing = null;
        foreach (var rule in node.DependencyArray)
        {
            if (!FindMember(start, rule.Utf8Name, out _))
            {
                continue;
            }

            if (rule.Schema >= 0)
            {
                var copy = start;
                Validate(ref copy, rule.Schema);
            }

            for (var r = 0; r < rule.RequiredUtf8.Length && !_stop; r++)
            {
                if (!FindMember(start, rule.RequiredUtf8[r], out _) && Failing())
                {
                    (missing ??= []).Add("'" + rule.Required[r] + "' is required when '" + rule.Name + "' is present");
                }
            }

            if (_stop)
            {
                return;
            }
        }

        if (missing is not null)
        {
            ReportAt((int)start.TokenStartIndex, "dependencies", new Detail(Exact ? "Dependencies were not validated" : string.Join("; ", missing), WithValue: true));
        }
    }

    /// <summary>The checks made once an object's members are read: required members, member counts.</summary>
    private void CheckMemberCounts(int objectStart, SchemaNode node, RequiredMembers required, int count)
    {
        for (var i = 0; i < node.Required.Count; i++)
        {
            if (!required.Seen(i))
            {
                if (Failing())
                {
                    ReportAt(objectStart, "required", new Detail("Field is required but missing", Value: Json.Of(node.Required[i])), node.Required[i]);
                }
            }
        }

        if (node.MinProperties >= 0 && count < node.MinProperties)
        {
            if (Failing())
            {
                ReportAt(objectStart, "minProperties", new Detail("Object must have at least " + node.MinProperties + " properties", Target: Json.Of(node.MinProperties), WithValue: true));
            }
        }

        if (node.MaxProperties >= 0 && count > node.MaxProperties)
        {
            if (Failing())
            {
                ReportAt(objectStart, "maxProperties", new Detail("Object must not have more than " + node.MaxProperties + " properties", Target: Json.Of(node.MaxProperties), WithValue: true));
            }
        }
    }

    /// <summary>The index in <see cref="SchemaNode.Properties"/> of the member name at the reader, or -1.</summary>
    private static int FindProperty(ref Utf8JsonReader reader, SchemaNode node)
    {
        var properties = node.PropertyArray;
        if (!reader.ValueIsEscaped)
        {
            // The raw bytes are the name: a plain comparison (what ValueTextEquals does for an unescaped name).
            var name = reader.ValueSpan;
            for (var i = 0; i < properties.Length; i++)
            {
                if (name.SequenceEqual(properties[i].Utf8Name))
                {
                    return i;
                }
            }

            return -1;
        }

        for (var i = 0; i < properties.Length; i++)
        {
            if (reader.ValueTextEquals(properties[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The <c>patternProperties</c> (a bit each, the first 64) the member name at the reader matches.</summary>
    private static ulong MatchPatterns(ref Utf8JsonReader reader, SchemaNode node)
    {
        var rules = node.PatternArray;
        if (rules.Length == 0)
        {
            return 0;
        }

        ulong patterns = 0;
        if (node.PatternsHaveUtf8Path && !reader.ValueIsEscaped && IsValidUtf8(reader.ValueSpan, out var ascii))
        {
            var utf8 = reader.ValueSpan;
            for (var i = 0; i < rules.Length && i < 64; i++)
            {
                if (rules[i].Matcher.IsMatchUtf8(utf8, ascii))
                {
                    patterns |= 1UL << i;
                }
            }

            return patterns;
        }

        // Member names go through the patterns as text; a long name gets a pooled buffer.
        var byteLength = reader.ValueSpan.Length;
        char[]? rented = null;
        var buffer = byteLength <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(byteLength));
        var name = buffer[..reader.CopyString(buffer)];
        for (var i = 0; i < rules.Length && i < 64; i++)
        {
            if (rules[i].Matcher.IsMatch(name))
            {
                patterns |= 1UL << i;
            }
        }

        if (rented is not null)
        {
            ArrayPool<char>.Shared.Return(rented);
        }

        return patterns;
    }

    /// <summary>Moves from a member name to its value; at the top level, notes where attachments and connections start.</summary>
    private void ReadMemberValue(ref Utf8JsonReader reader)
    {
        if (_depth == 0 && !reader.ValueIsEscaped)
        {
            // The reference rules need the top-level attachments and connections: note them on the way.
            var name = reader.ValueSpan;
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                _topLevel.Seen(name, (int)reader.TokenStartIndex);
            }
        }
        else
        {
            reader.Read();
        }
    }

    /// <summary>
    /// How many schemas a member's value must satisfy under a node: its property and matching patterns, else
    /// <c>additionalProperties</c> (one schema, none, or -1 when no other member is allowed). When one, which.
    /// </summary>
    private static int MemberSchemas(SchemaNode node, int property, ulong patterns, out int schema)
    {
        var count = (property >= 0 ? 1 : 0) + System.Numerics.BitOperations.PopCount(patterns);
        if (count > 0)
        {
            schema = property >= 0 ? node.PropertyArray[property].Schema : node.PatternArray[System.Numerics.BitOperations.TrailingZeroCount(patterns)].Schema;
            return count;
        }

        schema = node.AdditionalProperties;
        return !node.AdditionalPropertiesAllowed ? -1 : node.AdditionalProperties >= 0 ? 1 : 0;
    }

    /// <summary>Validates a member's value against its property schema and matching patterns, each on a copy of the reader.</summary>
    /// <remarks>
    /// Kazoo-exact: as jesse, which checks a node's keywords in the order the schema lists them (sorted, in Kazoo's
    /// files), <c>patternProperties</c> before <c>properties</c>, so a property's error at the member's path is found
    /// last and is the one kept.
    /// </remarks>
    private void ValidateOnCopies(Utf8JsonReader value, SchemaNode node, int property, ulong patterns)
    {
        if (property >= 0 && !Exact)
        {
            var copy = value;
            Validate(ref copy, node.PropertyArray[property].Schema);
        }

        for (var i = 0; i < node.PatternArray.Length && i < 64 && !_stop; i++)
        {
            if ((patterns & (1UL << i)) != 0)
            {
                var copy = value;
                Validate(ref copy, node.PatternArray[i].Schema);
            }
        }

        if (property >= 0 && Exact && !_stop)
        {
            var copy = value;
            Validate(ref copy, node.PropertyArray[property].Schema);
        }
    }

    /// <summary>Which of a node's required names an object has shown so far.</summary>
    private struct RequiredMembers
    {
        private readonly bool[]? _many;
        private ulong _bits;

        public RequiredMembers(SchemaNode node)
        {
            _many = node.RequiredFitsBits ? null : new bool[node.Required.Count];
            _bits = 0;
        }

        /// <summary>Notes the member name at the reader, whose property index in the node is <paramref name="property"/> (or -1).</summary>
        public void Mark(ref Utf8JsonReader reader, SchemaNode node, int property)
        {
            if (_many is null)
            {
                if (property >= 0)
                {
                    _bits |= node.PropertyRequiredBits[property];
                }

                var others = node.RequiredOutsideProperties & ~_bits;
                while (others != 0)
                {
                    var i = System.Numerics.BitOperations.TrailingZeroCount(others);
                    others &= others - 1;
                    if (reader.ValueTextEquals(node.RequiredUtf8[i]))
                    {
                        _bits |= 1UL << i;
                    }
                }

                return;
            }

            for (var i = 0; i < _many.Length; i++)
            {
                if (!_many[i] && reader.ValueTextEquals(node.RequiredUtf8[i]))
                {
                    _many[i] = true;
                }
            }
        }

        public readonly bool Seen(int index) => _many is null ? (_bits & (1UL << index)) != 0 : _many[index];
    }

    /// <summary>Finds a member of the object at <paramref name="start"/>; <paramref name="member"/> is left on its value.</summary>
    private static bool FindMember(Utf8JsonReader start, ReadOnlySpan<byte> name, out Utf8JsonReader member)
    {
        var reader = start;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIt = reader.ValueTextEquals(name);
            reader.Read();
            if (isIt)
            {
                member = reader;
                return true;
            }

            reader.Skip();
        }

        member = start;
        return false;
    }
}
