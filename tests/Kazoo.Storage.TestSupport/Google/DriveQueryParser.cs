namespace Kazoo.Storage.TestSupport;

/// <summary>One condition of a Drive search query, as the fake understands it.</summary>
/// <param name="Field">"parents", "name" or "mimeType".</param>
/// <param name="Operator">"in", "=" or "!=".</param>
/// <param name="Value">The unescaped string value.</param>
public sealed record DriveQueryTerm(string Field, string Operator, string Value);

/// <summary>
/// Parses the subset of Drive's search syntax the handler may send: terms joined by <c>and</c>, each
/// <c>'VALUE' in parents</c>, <c>name = 'VALUE'</c>, <c>mimeType = 'VALUE'</c> or <c>mimeType != 'VALUE'</c>. String values
/// are in single quotes; inside them only <c>\'</c> and <c>\\</c> are escapes, and a bare quote ends the value. Anything
/// else is a syntax error, as Drive answers 400 "Invalid Value" to it.
/// </summary>
public static class DriveQueryParser
{
    /// <summary>Parses <paramref name="query"/>; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static IReadOnlyList<DriveQueryTerm> Parse(string query)
    {
        var terms = new List<DriveQueryTerm>();
        var position = 0;
        while (true)
        {
            SkipSpaces(query, ref position);
            if (Peek(query, position) == '\'')
            {
                var value = ReadString(query, ref position);
                Expect(query, ref position, "in");
                Expect(query, ref position, "parents");
                terms.Add(new DriveQueryTerm("parents", "in", value));
            }
            else
            {
                var field = ReadWord(query, ref position);
                if (field is not ("name" or "mimeType"))
                {
                    throw new FormatException($"Unsupported field '{field}' at {position}.");
                }

                SkipSpaces(query, ref position);
                string op;
                if (query.AsSpan(position).StartsWith("!="))
                {
                    op = "!=";
                    position += 2;
                }
                else if (Peek(query, position) == '=')
                {
                    op = "=";
                    position += 1;
                }
                else
                {
                    throw new FormatException($"Expected an operator after '{field}' at {position}.");
                }

                if (field == "name" && op != "=")
                {
                    throw new FormatException("name supports only '='.");
                }

                SkipSpaces(query, ref position);
                terms.Add(new DriveQueryTerm(field, op, ReadString(query, ref position)));
            }

            SkipSpaces(query, ref position);
            if (position == query.Length)
            {
                return terms;
            }

            Expect(query, ref position, "and");
        }
    }

    private static string ReadString(string query, ref int position)
    {
        if (Peek(query, position) != '\'')
        {
            throw new FormatException($"Expected a quoted string at {position}.");
        }

        position++;
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (position >= query.Length)
            {
                throw new FormatException("Unterminated string.");
            }

            var c = query[position++];
            if (c == '\'')
            {
                // The string must be followed by a space or the end: "'a'b'" is not valid.
                if (position < query.Length && query[position] != ' ')
                {
                    throw new FormatException($"Unexpected character after a string at {position}.");
                }

                return value.ToString();
            }

            if (c == '\\')
            {
                if (position >= query.Length || query[position] is not ('\'' or '\\'))
                {
                    throw new FormatException($"Invalid escape at {position}.");
                }

                c = query[position++];
            }

            value.Append(c);
        }
    }

    private static string ReadWord(string query, ref int position)
    {
        var start = position;
        while (position < query.Length && char.IsAsciiLetter(query[position]))
        {
            position++;
        }

        return position == start ? throw new FormatException($"Expected a word at {start}.") : query[start..position];
    }

    private static void Expect(string query, ref int position, string word)
    {
        SkipSpaces(query, ref position);
        var found = ReadWord(query, ref position);
        if (found != word)
        {
            throw new FormatException($"Expected '{word}', found '{found}'.");
        }
    }

    private static void SkipSpaces(string query, ref int position)
    {
        while (position < query.Length && query[position] == ' ')
        {
            position++;
        }
    }

    private static char Peek(string query, int position) => position < query.Length ? query[position] : '\0';
}
